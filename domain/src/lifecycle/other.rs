//! Service requests and compliments: shorter lives than a complaint's, but they share the
//! timeline and the rule that dissatisfaction always brings the offer of a complaint.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Event;
use super::error::TransitionError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum ServiceRequestPhase {
    Open,
    Resolved { on: NaiveDate },
    Withdrawn { on: NaiveDate },
}

/// What the customer chose when offered a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintChoice {
    MakeComplaint,
    NoComplaint,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequest {
    phase: ServiceRequestPhase,
    complaints_offered: Vec<(NaiveDate, ComplaintChoice)>,
}

impl Default for ServiceRequest {
    fn default() -> Self {
        Self::open()
    }
}

impl ServiceRequest {
    pub fn open() -> Self {
        Self {
            phase: ServiceRequestPhase::Open,
            complaints_offered: Vec::new(),
        }
    }

    pub fn phase(&self) -> &ServiceRequestPhase {
        &self.phase
    }

    pub fn complaints_offered(&self) -> &[(NaiveDate, ComplaintChoice)] {
        &self.complaints_offered
    }

    pub fn resolve(&mut self, on: NaiveDate) -> Result<Event, TransitionError> {
        self.still_open("resolve it")?;
        self.phase = ServiceRequestPhase::Resolved { on };
        Ok(Event::ServiceRequestResolved { on })
    }

    pub fn withdraw(&mut self, on: NaiveDate) -> Result<Event, TransitionError> {
        self.still_open("withdraw it")?;
        self.phase = ServiceRequestPhase::Withdrawn { on };
        Ok(Event::Withdrawn { on })
    }

    /// The customer takes back their withdrawal: the request is open again.
    pub(crate) fn take_back_withdrawal(&mut self, on: NaiveDate) -> Result<Event, TransitionError> {
        match self.phase {
            ServiceRequestPhase::Withdrawn { .. } => {
                self.phase = ServiceRequestPhase::Open;
                Ok(Event::WithdrawalTakenBack { on })
            }
            _ => Err(TransitionError::NothingToTakeBack),
        }
    }

    /// The customer is unhappy: staff offered a complaint and record the choice. Choosing
    /// to complain yields [`Event::LinkedComplaintRequested`], on which the server opens a
    /// linked complaint; the service request carries on either way. Allowed after
    /// resolution too (dissatisfaction often comes in a satisfaction survey).
    pub fn record_dissatisfaction(
        &mut self,
        on: NaiveDate,
        choice: ComplaintChoice,
    ) -> Result<Event, TransitionError> {
        if matches!(self.phase, ServiceRequestPhase::Withdrawn { .. }) {
            return Err(TransitionError::Finished {
                action: "record dissatisfaction",
            });
        }
        self.complaints_offered.push((on, choice));
        Ok(match choice {
            ComplaintChoice::MakeComplaint => Event::LinkedComplaintRequested { on },
            ComplaintChoice::NoComplaint => Event::ComplaintDeclined { on },
        })
    }

    fn still_open(&self, action: &'static str) -> Result<(), TransitionError> {
        match self.phase {
            ServiceRequestPhase::Open => Ok(()),
            _ => Err(TransitionError::Finished { action }),
        }
    }
}

/// A compliment: received, then passed on to the staff member or service it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Compliment {
    about: String,
    passed_on: Option<NaiveDate>,
}

impl Compliment {
    /// `about` is the staff member or service named on the form.
    pub fn receive(about: &str) -> Self {
        Self {
            about: about.trim().to_owned(),
            passed_on: None,
        }
    }

    pub fn about(&self) -> &str {
        &self.about
    }

    pub fn passed_on(&self) -> Option<NaiveDate> {
        self.passed_on
    }

    pub fn pass_on(&mut self, on: NaiveDate) -> Result<Event, TransitionError> {
        if self.passed_on.is_some() {
            return Err(TransitionError::Finished {
                action: "pass it on again",
            });
        }
        self.passed_on = Some(on);
        Ok(Event::ComplimentPassedOn { on })
    }
}
