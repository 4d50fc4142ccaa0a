//! The form in short pages: which questions each page asks, which pages a form has, and
//! where a person goes after sending one.
//!
//! Each page posts only its own answers; the server keeps them in the draft with the
//! answers of the other pages, checks the whole form by [`super::ComplaintForm::parse`]
//! and shows a page's problems only once that page has been sent. A post that names no
//! page carries the whole form (scripts and the tests use it).

use super::{ComplaintFormInput, FormKind};

/// One page of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    /// Staff only: how and when the case reached us.
    Received,
    /// Who the customer is.
    About,
    /// What we should do differently. Asked before the contact details, as needing a phone
    /// call instead of letters makes a phone number necessary there.
    Adjustments,
    /// How to reach them.
    Contact,
    /// What happened, or what they want, or who they thank.
    Details,
    /// A complaint's putting right: outcomes sought and costs.
    Remedy,
    /// A file.
    Evidence,
}

/// Where to go after a page is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextPage {
    Section(Section),
    /// Every page is answered and right: check your answers.
    Check,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Received,
        Section::About,
        Section::Adjustments,
        Section::Contact,
        Section::Details,
        Section::Remedy,
        Section::Evidence,
    ];

    /// The value in the page's address and in its post.
    pub fn code(self) -> &'static str {
        match self {
            Section::Received => "received",
            Section::About => "about",
            Section::Adjustments => "adjustments",
            Section::Contact => "contact",
            Section::Details => "details",
            Section::Remedy => "remedy",
            Section::Evidence => "file",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// The fields the page asks, as the form names them.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Section::Received => &["channel", "received_on", "received_time"],
            Section::About => &["describes_you", "describes_you_other", "name"],
            Section::Adjustments => &["adjustments", "adjustments_other"],
            Section::Contact => &["preferred_contact", "phone", "email", "address", "postcode"],
            Section::Details => &[
                "compliment_about",
                "what_happened",
                "when_happened",
                "became_aware",
                "reported_before",
                "what_was_said",
            ],
            Section::Remedy => &["outcomes_sought", "costs_description", "costs_amount"],
            Section::Evidence => &["evidence"],
        }
    }

    /// The page that asks `field`.
    pub fn of_field(field: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.fields().contains(&field))
    }

    /// Whether this form has the page: how it reached us only when staff log a case, the
    /// putting right only for a complaint.
    pub fn applies(self, kind: FormKind, staff: bool) -> bool {
        match self {
            Section::Received => staff,
            Section::Remedy => kind == FormKind::Complaint,
            _ => true,
        }
    }

    /// The pages of a form, in order.
    pub fn sequence(kind: FormKind, staff: bool) -> Vec<Section> {
        Self::ALL
            .into_iter()
            .filter(|s| s.applies(kind, staff))
            .collect()
    }

    /// The page before this one, if any.
    pub fn previous(self, kind: FormKind, staff: bool) -> Option<Section> {
        let pages = Self::sequence(kind, staff);
        let at = pages.iter().position(|s| *s == self)?;
        at.checked_sub(1).map(|i| pages[i])
    }

    /// "2 of 6": where this page is in its form.
    pub fn position(self, kind: FormKind, staff: bool) -> (usize, usize) {
        let pages = Self::sequence(kind, staff);
        let at = pages.iter().position(|s| *s == self).unwrap_or(0);
        (at + 1, pages.len())
    }
}

/// The first page that still needs the person: not yet sent, or sent with a problem.
/// `None` when the form is ready to check.
pub fn unfinished(
    kind: FormKind,
    staff: bool,
    answered: &[Section],
    problems: &[(String, String)],
) -> Option<Section> {
    Section::sequence(kind, staff).into_iter().find(|s| {
        !answered.contains(s)
            || problems
                .iter()
                .any(|(f, _)| s.fields().contains(&f.as_str()))
    })
}

/// Where a person goes after sending `sent`: back to it while it has a problem; else, when
/// they came from checking their answers, to the first page still needing them (or back to
/// the check); else on to the next page, and after the last to the first page still needing
/// them.
pub fn after_sending(
    kind: FormKind,
    staff: bool,
    sent: Section,
    answered: &[Section],
    problems: &[(String, String)],
    from_check: bool,
) -> NextPage {
    if problems
        .iter()
        .any(|(f, _)| sent.fields().contains(&f.as_str()))
    {
        return NextPage::Section(sent);
    }
    let pages = Section::sequence(kind, staff);
    if !from_check && let Some(next) = pages.iter().skip_while(|s| **s != sent).nth(1) {
        return NextPage::Section(*next);
    }
    unfinished(kind, staff, answered, problems).map_or(NextPage::Check, NextPage::Section)
}

impl ComplaintFormInput {
    /// Takes the answers of `section` from `posted`, keeping every other answer.
    pub fn take_section(&mut self, section: Section, posted: &ComplaintFormInput) {
        let p = posted.clone();
        match section {
            Section::Received => {
                self.channel = p.channel;
                self.received_on = p.received_on;
                self.received_time = p.received_time;
            }
            Section::About => {
                self.describes_you = p.describes_you;
                self.describes_you_other = p.describes_you_other;
                self.name = p.name;
            }
            Section::Adjustments => {
                self.adjustments = p.adjustments;
                self.adjustments_other = p.adjustments_other;
            }
            Section::Contact => {
                self.preferred_contact = p.preferred_contact;
                self.phone = p.phone;
                self.email = p.email;
                self.address = p.address;
                self.postcode = p.postcode;
            }
            Section::Details => {
                self.compliment_about = p.compliment_about;
                self.what_happened = p.what_happened;
                self.when_happened = p.when_happened;
                self.became_aware = p.became_aware;
                self.reported_before = p.reported_before;
                self.what_was_said = p.what_was_said;
            }
            Section::Remedy => {
                self.outcomes_sought = p.outcomes_sought;
                self.costs_description = p.costs_description;
                self.costs_amount = p.costs_amount;
            }
            Section::Evidence => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(field: &str) -> (String, String) {
        (field.to_owned(), "wrong".to_owned())
    }

    #[test]
    fn every_field_of_the_form_is_asked_on_exactly_one_page() {
        let asked: Vec<&str> = Section::ALL
            .iter()
            .flat_map(|s| s.fields())
            .copied()
            .collect();
        // The kind is chosen before the form starts, by the link followed to it.
        for field in crate::form::FIELDS.iter().filter(|f| **f != "kind") {
            assert_eq!(
                asked.iter().filter(|f| *f == field).count(),
                1,
                "{field} is not asked once"
            );
        }
        assert_eq!(asked.len(), crate::form::FIELDS.len() - 1);
    }

    #[test]
    fn residents_are_not_asked_how_it_reached_us_and_only_complaints_ask_for_a_remedy() {
        use Section::*;
        assert_eq!(
            Section::sequence(FormKind::Complaint, false),
            [About, Adjustments, Contact, Details, Remedy, Evidence]
        );
        assert_eq!(
            Section::sequence(FormKind::Compliment, true),
            [Received, About, Adjustments, Contact, Details, Evidence]
        );
        assert_eq!(About.position(FormKind::Complaint, false), (1, 6));
        assert_eq!(About.previous(FormKind::Complaint, false), None);
        assert_eq!(About.previous(FormKind::Complaint, true), Some(Received));
        for s in Section::ALL {
            assert_eq!(Section::parse(s.code()), Some(s));
        }
    }

    #[test]
    fn a_page_with_a_problem_comes_back_and_a_right_one_goes_on() {
        use Section::*;
        let k = FormKind::Complaint;
        assert_eq!(
            after_sending(k, false, About, &[About], &[problem("name")], false),
            NextPage::Section(About)
        );
        // A problem on a later page, already sent, does not stop this one going on.
        assert_eq!(
            after_sending(
                k,
                false,
                About,
                &[About, Contact],
                &[problem("phone")],
                false
            ),
            NextPage::Section(Adjustments)
        );
        // After the last page: the first page still needing the person, else the check.
        let all = Section::sequence(k, false);
        assert_eq!(
            after_sending(k, false, Evidence, &all, &[problem("phone")], false),
            NextPage::Section(Contact)
        );
        assert_eq!(
            after_sending(k, false, Evidence, &all, &[], false),
            NextPage::Check
        );
        assert_eq!(
            after_sending(k, false, Evidence, &[Evidence], &[], false),
            NextPage::Section(About)
        );
    }

    #[test]
    fn a_change_from_the_check_goes_back_to_it_unless_it_made_a_problem_elsewhere() {
        use Section::*;
        let k = FormKind::Complaint;
        let all = Section::sequence(k, false);
        assert_eq!(
            after_sending(k, false, About, &all, &[], true),
            NextPage::Check
        );
        // Asking to be phoned instead of written to needs a phone number on the contact page.
        assert_eq!(
            after_sending(k, false, Adjustments, &all, &[problem("phone")], true),
            NextPage::Section(Contact)
        );
    }

    #[test]
    fn a_page_takes_only_its_own_answers() {
        let mut kept = ComplaintFormInput {
            name: "Rita".to_owned(),
            phone: "07700 900123".to_owned(),
            ..Default::default()
        };
        let posted = ComplaintFormInput {
            phone: "01632 960001".to_owned(),
            what_happened: "ignored".to_owned(),
            ..Default::default()
        };
        kept.take_section(Section::Contact, &posted);
        assert_eq!(kept.name, "Rita");
        assert_eq!(kept.phone, "01632 960001");
        assert_eq!(kept.what_happened, "");
    }
}
