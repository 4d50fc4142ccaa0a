//! The words of each letter, from the facts of the complaint. Our own plain English: short
//! sentences, "we" for the landlord, "I" where the person signing speaks for themselves.

use chrono::NaiveDate;

use super::template::{Part, fill, paragraphs};
use super::{
    Block, LetterContext, LetterError, LetterKind, REMEDY_FOLLOW_UP_WORKING_DAYS, months_after,
};
use crate::calendar::Calendar;
use crate::deadlines::{long_date, stage_deadlines};
use crate::lifecycle::{
    ClosedHow, Complaint, Outcome, Phase, RefusalReason, Remedy, RemedyState, StageRecord,
    StageResponse,
};
use crate::policy::{Policy, Stage};
use crate::receipt::Receipt;

/// What a letter says, before the greeting and sign-off are put round it.
pub(super) struct Body {
    pub stage: Option<Stage>,
    pub subject: String,
    pub blocks: Vec<Block>,
    /// The letter in easy read: short sentences, one idea each (see [`Block::InShort`]).
    pub in_short: Vec<String>,
}

pub(super) fn write(
    kind: LetterKind,
    complaint: &Complaint,
    ctx: &LetterContext,
    calendar: &Calendar,
) -> Result<Body, LetterError> {
    let policy = complaint.policy();
    let writer = Writer {
        kind,
        complaint,
        ctx,
        calendar,
        policy,
    };
    match kind {
        LetterKind::Acknowledgement => writer.acknowledgement(),
        LetterKind::NotAccepted => writer.not_accepted(),
        LetterKind::Extension => writer.extension(),
        LetterKind::Stage1Response => writer.stage1_response(),
        LetterKind::Stage2Acknowledgement => writer.stage2_acknowledgement(),
        LetterKind::Stage2Outcome => writer.stage2_outcome(),
        LetterKind::RemedyNotDelivered => writer.remedy_not_delivered(),
        LetterKind::RemedyDone => writer.remedy_done(),
        LetterKind::ReviewRefused => writer.review_refused(),
    }
}

struct Writer<'a> {
    kind: LetterKind,
    complaint: &'a Complaint,
    ctx: &'a LetterContext,
    calendar: &'a Calendar,
    policy: &'a Policy,
}

fn heading(text: &str) -> Block {
    Block::Heading(text.to_owned())
}

fn paragraph(text: impl Into<String>) -> Block {
    Block::Paragraph(text.into())
}

/// Staff's words as one sentence or more: trimmed, with a full stop if they left it off.
fn sentence(text: &str) -> String {
    let text = text.trim();
    match text.chars().last() {
        Some('.' | '!' | '?' | ')' | '"' | '\u{201d}') | None => text.to_owned(),
        Some(_) => format!("{text}."),
    }
}

/// Text to follow "for": trimmed, without a closing full stop.
fn clause(text: &str) -> &str {
    text.trim().trim_end_matches('.')
}

fn some_text(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Upheld => "upheld",
        Outcome::PartlyUpheld => "partly upheld",
        Outcome::NotUpheld => "not upheld",
    }
}

/// A remedy as a line of "How we will put things right".
fn remedy_line(remedy: &Remedy) -> String {
    match remedy {
        Remedy::Apology => {
            "An apology: we are sorry for what went wrong and for the trouble it caused you."
                .to_owned()
        }
        Remedy::Explanation => {
            "An explanation of what happened, which we have set out in this letter.".to_owned()
        }
        Remedy::Action {
            description, due, ..
        } => format!(
            "{} We will do this by {}.",
            sentence(description),
            long_date(*due)
        ),
        Remedy::Compensation {
            amount,
            for_what: Some(what),
        } if !what.trim().is_empty() => {
            format!("A payment to you of {amount} for {}.", clause(what))
        }
        Remedy::Compensation { amount, .. } => {
            format!("A payment to you of {amount} to recognise what went wrong.")
        }
        Remedy::RecordAmended => "Correcting our records.".to_owned(),
        Remedy::DecisionReconsidered => {
            "Looking again at the decision you complained about.".to_owned()
        }
    }
}

/// The decision in easy read.
fn short_outcome(outcome: Outcome) -> [&'static str; 2] {
    match outcome {
        Outcome::Upheld => ["We agree we got things wrong.", "We are sorry."],
        Outcome::PartlyUpheld => [
            "We agree we got some things wrong.",
            "We are sorry for those things.",
        ],
        Outcome::NotUpheld => [
            "We do not think we got things wrong.",
            "This letter explains why.",
        ],
    }
}

/// A remedy in easy read: what we will do, in one or two short sentences.
fn short_remedy(remedy: &Remedy) -> String {
    match remedy {
        Remedy::Apology => "We say sorry to you.".to_owned(),
        Remedy::Explanation => "We explain what happened. It is in this letter.".to_owned(),
        Remedy::Action {
            description, due, ..
        } => format!(
            "We will do this: {} We will do it by {}.",
            sentence(description),
            long_date(*due)
        ),
        Remedy::Compensation { amount, .. } => format!("We will pay you {amount}."),
        Remedy::RecordAmended => "We will put our records right.".to_owned(),
        Remedy::DecisionReconsidered => "We will look again at our decision.".to_owned(),
    }
}

/// A remedy as something we promised: "We promised to …".
pub(super) fn remedy_promise(remedy: &Remedy) -> String {
    match remedy {
        Remedy::Apology => "apologise to you".to_owned(),
        Remedy::Explanation => "explain what happened".to_owned(),
        Remedy::Action {
            description, due, ..
        } => format!(
            "do the following by {}: {}",
            long_date(*due),
            description.trim()
        ),
        Remedy::Compensation {
            amount,
            for_what: Some(what),
        } if !what.trim().is_empty() => format!("pay you {amount} for {}", clause(what)),
        Remedy::Compensation { amount, .. } => format!("pay you {amount}"),
        Remedy::RecordAmended => "correct our records".to_owned(),
        Remedy::DecisionReconsidered => {
            "look again at the decision you complained about".to_owned()
        }
    }
}

const END_OF_PROCESS: &str = "the end of our complaints process";

const ADVICE_ANY_TIME: &str =
    "The Housing Ombudsman can give you free, independent advice about your complaint at any time.";

/// The latest date the response is due: the deadline, or the extended date if later.
fn respond_by(record: &StageRecord, due: NaiveDate) -> NaiveDate {
    record.extended_to().map_or(due, |to| to.max(due))
}

impl Writer<'_> {
    /// The words of `part` as the letter's template has them, with `facts` (and the
    /// reference and customer's name) filled in.
    fn say(&self, part: Part, facts: &[(&str, String)]) -> String {
        let mut all = vec![
            ("reference", self.ctx.reference.clone()),
            ("customer_name", self.ctx.customer_name.trim().to_owned()),
        ];
        all.extend_from_slice(facts);
        fill(self.ctx.wording.text(self.kind, part), &all)
    }

    /// `part` as paragraphs, added to `blocks`.
    fn write(&self, part: Part, facts: &[(&str, String)], blocks: &mut Vec<Block>) {
        blocks.extend(
            paragraphs(&self.say(part, facts))
                .into_iter()
                .map(Block::Paragraph),
        );
    }

    /// A Stage 2 letter's opening: the one for going straight to Stage 2 by agreement (with
    /// `{agreed_on}` added to `facts`), or the usual one.
    fn stage2_opening(
        &self,
        record: &StageRecord,
        facts: &mut Vec<(&str, String)>,
        blocks: &mut Vec<Block>,
    ) {
        match &record.escalated_early {
            Some(agreement) => {
                facts.push(("agreed_on", long_date(agreement.agreed_on)));
                self.write(Part::OpeningEarly, facts, blocks);
            }
            None => self.write(Part::Opening, facts, blocks),
        }
    }

    /// How to reach the Ombudsman, in easy read.
    fn short_ombudsman(&self) -> String {
        format!(
            "The Housing Ombudsman can help you for free. Phone them on {}.",
            self.ctx.ombudsman.phone
        )
    }

    /// The Ombudsman's box: what the customer may do now, then how to reach them.
    fn ombudsman(&self, paragraphs: Vec<String>) -> Block {
        let them = &self.ctx.ombudsman;
        let mut contact = them.address.clone();
        contact.push(format!("Phone: {}", them.phone));
        contact.push(format!("Email: {}", them.email));
        contact.push(format!("Website: {}", them.website));
        Block::Ombudsman {
            heading: "The Housing Ombudsman".to_owned(),
            paragraphs,
            contact,
        }
    }

    fn not_ready(&self, needs: &'static str) -> LetterError {
        LetterError::NotReady {
            letter: self.kind,
            needs,
        }
    }

    fn months(&self) -> u32 {
        self.policy.ombudsman_referral_months
    }

    /// "… Please contact them within 12 months of the end of our complaints process, that is
    /// by …": `of_what` names the day the window counts from.
    fn referral_deadline(&self, lead: &str, of_what: &str, ended: NaiveDate) -> String {
        format!(
            "{lead} Please contact them within {} months of {of_what}, that is by {}.",
            self.months(),
            long_date(months_after(ended, self.months()))
        )
    }

    /// The right to go to the Ombudsman while our process is still running.
    fn referral_later(&self) -> String {
        format!(
            "Once our complaints process has finished, you have the right to ask them to investigate your complaint. You can do this up to {} months after it finishes.",
            self.months()
        )
    }

    /// The day our process ended, if it has.
    fn ended_on(&self) -> Option<NaiveDate> {
        match self.complaint.phase() {
            Phase::Closed { on, .. } | Phase::NotAccepted { on, .. } => Some(*on),
            _ => None,
        }
    }

    /// What we understand the complaint to be (or, at Stage 1 without a summary, what the
    /// customer told us), and what the customer wants.
    fn understanding(&self, title: &str, blocks: &mut Vec<Block>) {
        if let Some(text) = some_text(&self.ctx.understanding) {
            blocks.push(heading(title));
            blocks.push(paragraph(sentence(text)));
        } else if self.kind == LetterKind::Acknowledgement
            && let Some(text) = some_text(&self.ctx.customer_words)
        {
            blocks.push(heading("What you told us"));
            blocks.push(paragraph(sentence(text)));
        }
        if let Some(text) = some_text(&self.ctx.outcomes_sought) {
            blocks.push(heading("What you would like us to do"));
            blocks.push(paragraph(sentence(text)));
        }
        blocks.push(paragraph(format!(
            "If we have misunderstood anything, or you have more to tell us, please contact us and quote your reference, {}.",
            self.ctx.reference
        )));
    }

    /// The complaint as defined, the decision, each point and its finding, the remedies and
    /// what we learned.
    fn findings(&self, response: &StageResponse, blocks: &mut Vec<Block>) {
        if let Some(definition) = response.definition() {
            blocks.push(heading("Your complaint"));
            blocks.push(paragraph(format!(
                "We understood your complaint to be this: {}",
                sentence(definition)
            )));
        }
        blocks.push(heading("Our decision"));
        blocks.push(paragraph(match response.outcome() {
            Outcome::Upheld => {
                "We have upheld your complaint. We agree that we got things wrong, and I am sorry."
            }
            Outcome::PartlyUpheld => {
                "We have partly upheld your complaint. We agree that we got some things wrong, though not everything you raised, and I am sorry for what we got wrong."
            }
            Outcome::NotUpheld => {
                "We have not upheld your complaint. We looked carefully at what happened and did not find that we got things wrong. I explain why below."
            }
        }));
        blocks.push(heading("What you raised and what we found"));
        for (i, point) in response.points().iter().enumerate() {
            blocks.push(paragraph(format!("{}. {}", i + 1, sentence(&point.point))));
            blocks.push(paragraph(format!(
                "What we found: {} We have {} this point.",
                sentence(&point.finding),
                outcome_words(point.outcome)
            )));
        }
        if !response.remedies().is_empty() {
            blocks.push(heading("How we will put things right"));
            blocks.push(Block::List(
                response.remedies().iter().map(remedy_line).collect(),
            ));
            let payments = response
                .remedies()
                .iter()
                .filter(|r| matches!(r, Remedy::Compensation { .. }))
                .count();
            if payments > 1 {
                blocks.push(paragraph(format!(
                    "Together these payments come to {}.",
                    response.compensation()
                )));
            }
        }
        if let Some(learning) = response.learning() {
            blocks.push(heading("What we have learned"));
            blocks.push(paragraph(sentence(learning)));
        }
    }

    /// "Your reference is …", in easy read.
    fn short_reference(&self) -> String {
        format!(
            "Your reference is {}. Please use it when you contact us.",
            self.ctx.reference
        )
    }

    /// The decision and what we will do, in easy read.
    fn short_findings(&self, response: &StageResponse, out: &mut Vec<String>) {
        out.extend(short_outcome(response.outcome()).map(str::to_owned));
        if !response.remedies().is_empty() {
            out.push("To put things right:".to_owned());
            out.extend(response.remedies().iter().map(short_remedy));
        }
    }

    fn acknowledgement(&self) -> Result<Body, LetterError> {
        let c = self.complaint;
        if *c.phase() != Phase::Stage1 {
            return Err(self.not_ready("the complaint must be accepted and at Stage 1"));
        }
        let record = c.stage1();
        if self.policy.stage1.acknowledge.is_some() && record.acknowledged.is_none() {
            return Err(self.not_ready("record the acknowledgement first"));
        }
        let deadlines = c
            .deadlines(self.calendar)
            .ok_or(LetterError::UnknownPolicy(c.policy().id))?;
        let facts = [
            ("received_on", long_date(record.arrived)),
            (
                "respond_by",
                long_date(respond_by(record, deadlines.respond.due)),
            ),
        ];
        let mut blocks = Vec::new();
        self.write(Part::Opening, &facts, &mut blocks);
        self.understanding("Our understanding of your complaint", &mut blocks);
        blocks.push(heading("What happens next"));
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(self.ombudsman(vec![ADVICE_ANY_TIME.to_owned(), self.referral_later()]));
        let in_short = vec![
            "We have your complaint.".to_owned(),
            "A manager will look into it.".to_owned(),
            "They may phone or write to you.".to_owned(),
            format!(
                "We will write to you with our answer by {}.",
                long_date(respond_by(record, deadlines.respond.due))
            ),
            self.short_reference(),
            self.short_ombudsman(),
        ];
        Ok(Body {
            stage: Some(Stage::One),
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }

    fn not_accepted(&self) -> Result<Body, LetterError> {
        let Phase::NotAccepted {
            on,
            reason,
            explanation,
        } = self.complaint.phase()
        else {
            return Err(self.not_ready("record the decision not to accept the complaint first"));
        };
        let (why, next) = self.refusal_words(*reason);
        let facts = [("received_on", long_date(self.complaint.stage1().arrived))];
        let mut blocks = Vec::new();
        self.write(Part::Opening, &facts, &mut blocks);
        blocks.extend([
            heading("Why we made this decision"),
            paragraph(why),
            paragraph(sentence(explanation.as_str())),
            heading("What you can do now"),
            paragraph(next),
        ]);
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(self.ombudsman(vec![
                self.referral_deadline(
                    "You have the right to ask the Housing Ombudsman to look at our decision not to accept your complaint.",
                    "our decision",
                    *on,
                ),
                "They can also give you free, independent advice.".to_owned(),
        ]));
        let in_short = vec![
            "We cannot deal with this as a complaint.".to_owned(),
            "This letter says why.".to_owned(),
            "If you think we are wrong, tell us why.".to_owned(),
            self.short_reference(),
            "You can ask the Housing Ombudsman to look at our decision.".to_owned(),
            format!(
                "Ask them by {}.",
                long_date(months_after(*on, self.months()))
            ),
            self.short_ombudsman(),
        ];
        Ok(Body {
            stage: None,
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }

    fn review_refused(&self) -> Result<Body, LetterError> {
        let Phase::Closed {
            on,
            how: ClosedHow::ReviewRefused { reason },
        } = self.complaint.phase()
        else {
            return Err(self.not_ready("record the refusal of the review request first"));
        };
        let asked = self.complaint.stage2().map_or(*on, |record| record.arrived);
        let facts = [("asked_on", long_date(asked))];
        let mut blocks = Vec::new();
        self.write(Part::Opening, &facts, &mut blocks);
        blocks.extend([
            heading("Why we made this decision"),
            paragraph(sentence(reason.as_str())),
            heading("What you can do now"),
        ]);
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(self.ombudsman(vec![
                self.referral_deadline(
                    "Our complaints process has now ended. You have the right to ask the Housing Ombudsman to investigate your complaint, and our decision not to review it.",
                    "today",
                    *on,
                ),
                "They can also give you free, independent advice.".to_owned(),
        ]));
        let in_short = vec![
            "You asked us to look at your complaint again.".to_owned(),
            "We will not do this.".to_owned(),
            "This letter says why.".to_owned(),
            "If you think we are wrong, tell us why.".to_owned(),
            self.short_reference(),
            "You can now ask the Housing Ombudsman to look at your complaint.".to_owned(),
            format!(
                "Ask them by {}.",
                long_date(months_after(*on, self.months()))
            ),
            self.short_ombudsman(),
        ];
        Ok(Body {
            stage: Some(Stage::Two),
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }

    /// Why, and what the customer can do instead, for each reason we may refuse.
    fn refusal_words(&self, reason: RefusalReason) -> (String, String) {
        let (why, next) = match reason {
            RefusalReason::OutOfTime => {
                return (
                    format!(
                        "Our complaints procedure covers things that happened, or that you first became aware of, in the {} months before you told us. What you have told us about is older than that.",
                        self.policy.eligibility_months
                    ),
                    "If there was a good reason you could not tell us sooner, please let us know. We can choose to look at an older matter when there is.".to_owned(),
                );
            }
            RefusalReason::AnotherPolicyFitsBetter => (
                "What you have told us about is covered by another of our policies, which is better suited to it than our complaints procedure.",
                "We will deal with what you raised under that policy instead, and the team responsible will be in touch with you.",
            ),
            RefusalReason::AllegesCrime => (
                "What you have told us about may be a crime, such as violence, intimidation, harassment or theft. The police are the right people to investigate it, and we cannot do that through our complaints procedure.",
                "Please report it to the police: call 999 if you are in danger now, or 101 otherwise. We will still help with anything that is ours to do, such as repairs or keeping you safe at home.",
            ),
            RefusalReason::AlreadyHadResponse => (
                "We have already given a full response to a complaint about the same, or a very similar, issue, so we will not investigate it again.",
                "If something has changed since our last response, or this is a new problem, please tell us and we will think again.",
            ),
            RefusalReason::LegalProceedings => (
                "Legal proceedings about this matter have started at court. The court will now decide it, so we cannot also deal with it as a complaint.",
                "If you have a legal adviser, please speak to them about it. If the court case ends without deciding the matter, you can contact us again.",
            ),
            RefusalReason::OutsideOurResponsibility => (
                "This is not something we are responsible for, so we cannot put it right ourselves.",
                "We have explained above who can help. If you are not sure who to contact, ask us and we will do our best to point you in the right direction.",
            ),
            RefusalReason::NotRecorded => (
                "We decided at the time not to deal with this as a complaint under our complaints procedure.",
                "If you would like us to explain the decision, please contact us and we will look at it again.",
            ),
        };
        (why.to_owned(), next.to_owned())
    }

    fn extension(&self) -> Result<Body, LetterError> {
        let c = self.complaint;
        let stage = c
            .current_stage()
            .ok_or_else(|| self.not_ready("there is no stage in progress to extend"))?;
        let record = match stage {
            Stage::One => c.stage1(),
            Stage::Two => c
                .stage2()
                .ok_or_else(|| self.not_ready("a review must be requested first"))?,
        };
        let Some((extension, earlier)) = record.extensions.split_last() else {
            return Err(self.not_ready("record the extension first"));
        };
        let deadlines = c
            .deadlines(self.calendar)
            .ok_or(LetterError::UnknownPolicy(c.policy().id))?;
        let previous = earlier
            .last()
            .map_or(deadlines.respond.due, |e| e.to.max(deadlines.respond.due));
        let (what, about) = match stage {
            Stage::One => ("our full response", "complaint"),
            Stage::Two => ("the outcome of our review", "review"),
        };
        let facts = [
            ("what", what.to_owned()),
            ("about", about.to_owned()),
            ("previous_date", long_date(previous)),
            ("new_date", long_date(extension.to)),
        ];
        let mut blocks = Vec::new();
        self.write(Part::Opening, &facts, &mut blocks);
        blocks.extend([
            heading("Why we need more time"),
            paragraph(sentence(extension.reason.as_str())),
            heading("Our new date"),
        ]);
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(self.ombudsman(vec![
                "If you are unhappy about this delay, you can contact the Housing Ombudsman for free, independent advice now.".to_owned(),
                self.referral_later(),
        ]));
        let in_short = vec![
            "We need more time to answer you.".to_owned(),
            "We are sorry.".to_owned(),
            "This letter says why.".to_owned(),
            format!("We will now answer by {}.", long_date(extension.to)),
            self.short_reference(),
            self.short_ombudsman(),
        ];
        Ok(Body {
            stage: Some(stage),
            subject: self.say(Part::Subject, &facts),
            blocks,
            in_short,
        })
    }

    fn stage1_response(&self) -> Result<Body, LetterError> {
        let record = self.complaint.stage1();
        let response = record
            .response
            .as_ref()
            .ok_or_else(|| self.not_ready("record the Stage 1 response first"))?;
        let facts = [("received_on", long_date(record.arrived))];
        let mut blocks = Vec::new();
        self.write(Part::Opening, &facts, &mut blocks);
        self.findings(response, &mut blocks);
        blocks.push(heading("If you are not happy with our response"));
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(paragraph(self.review_timescale()));
        blocks.push(self.ombudsman(vec![
            ADVICE_ANY_TIME.to_owned(),
            format!(
                "Once our complaints process has finished, either after a review or because you decide not to ask for one, you have the right to ask them to investigate your complaint. You can do this up to {} months after our process finishes.",
                self.months()
            ),
        ]));
        let mut in_short = vec!["We have looked into your complaint.".to_owned()];
        self.short_findings(response, &mut in_short);
        in_short.push("Not happy with our answer? Ask us to look again.".to_owned());
        in_short.push("You do not have to say why.".to_owned());
        in_short.push(self.short_reference());
        in_short.push(self.short_ombudsman());
        Ok(Body {
            stage: Some(Stage::One),
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }

    /// When we would reply to a review asked for on the day of the letter.
    fn review_timescale(&self) -> String {
        let asked = self.ctx.issued_on;
        let receipt = Receipt::on_date(asked, self.calendar);
        let review = stage_deadlines(self.calendar, self.policy, Stage::Two, &receipt, None);
        let rules = self.policy.stage(Stage::Two);
        match (rules.acknowledge, &review.acknowledge) {
            (Some(days), Some(ack)) => format!(
                "We will acknowledge your request within {days} working days, and send you the outcome of the review within {} working days of that. For example, if you ask on {}, we will acknowledge it by {} and send you the outcome by {}.",
                rules.respond,
                long_date(asked),
                long_date(ack.due),
                long_date(review.respond.due)
            ),
            _ => format!(
                "We will send you the outcome of the review within {} working days. For example, if you ask on {}, we will send you the outcome by {}.",
                rules.respond,
                long_date(asked),
                long_date(review.respond.due)
            ),
        }
    }

    fn stage2_acknowledgement(&self) -> Result<Body, LetterError> {
        let c = self.complaint;
        let record = c
            .stage2()
            .ok_or_else(|| self.not_ready("a review must be requested first"))?;
        if *c.phase() != Phase::Stage2 {
            return Err(self.not_ready("the review must be in progress"));
        }
        if self.policy.stage2.acknowledge.is_some() && record.acknowledged.is_none() {
            return Err(self.not_ready("record the acknowledgement first"));
        }
        let deadlines = c
            .deadlines(self.calendar)
            .ok_or(LetterError::UnknownPolicy(c.policy().id))?;
        let mut facts = vec![
            ("received_on", long_date(record.arrived)),
            (
                "respond_by",
                long_date(respond_by(record, deadlines.respond.due)),
            ),
        ];
        let mut blocks = Vec::new();
        self.stage2_opening(record, &mut facts, &mut blocks);
        self.understanding("Why you have asked for a review", &mut blocks);
        if !c.involvement_declined() {
            blocks.push(heading("An independent view"));
            blocks.push(paragraph(
                "We may ask an involved customer, a member of our tenant panel, for an independent view of your review. They would not see your name, your contact details or anything else that identifies you. If you would rather we did not, just tell us: it will not change how we deal with your complaint.",
            ));
        }
        blocks.push(heading("What happens next"));
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(self.ombudsman(vec![ADVICE_ANY_TIME.to_owned(), self.referral_later()]));
        let in_short = vec![
            "We will look at your complaint again.".to_owned(),
            "A senior person will do this.".to_owned(),
            "They did not deal with your complaint before.".to_owned(),
            format!(
                "We will write to you with our answer by {}.",
                long_date(respond_by(record, deadlines.respond.due))
            ),
            self.short_reference(),
            self.short_ombudsman(),
        ];
        Ok(Body {
            stage: Some(Stage::Two),
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }

    fn stage2_outcome(&self) -> Result<Body, LetterError> {
        let record = self
            .complaint
            .stage2()
            .ok_or_else(|| self.not_ready("a review must be requested first"))?;
        let response = record
            .response
            .as_ref()
            .ok_or_else(|| self.not_ready("record the Stage 2 outcome first"))?;
        let ended = self
            .ended_on()
            .or(record.responded)
            .unwrap_or(self.ctx.issued_on);
        let mut facts = vec![("received_on", long_date(record.arrived))];
        let mut blocks = Vec::new();
        self.stage2_opening(record, &mut facts, &mut blocks);
        self.findings(response, &mut blocks);
        blocks.push(heading("This is our final response"));
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(self.ombudsman(vec![
            self.referral_deadline(
                "If you are still unhappy, you have the right to ask the Housing Ombudsman to investigate your complaint.",
                END_OF_PROCESS,
                ended,
            ),
            "They can also give you free, independent advice.".to_owned(),
        ]));
        let mut in_short = vec!["We have looked at your complaint again.".to_owned()];
        self.short_findings(response, &mut in_short);
        in_short.push("This is our last answer.".to_owned());
        in_short.push(
            "Still not happy? Ask the Housing Ombudsman to look at your complaint.".to_owned(),
        );
        in_short.push(format!(
            "Ask them by {}.",
            long_date(months_after(ended, self.months()))
        ));
        in_short.push(self.short_reference());
        in_short.push(self.short_ombudsman());
        Ok(Body {
            stage: Some(Stage::Two),
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }

    fn remedy_not_delivered(&self) -> Result<Body, LetterError> {
        // The remedy the step named; else the one most recently found undeliverable (the
        // last one listed on a tie).
        let (remedy, reason) = self
            .complaint
            .remedies()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.ctx.remedy.is_none_or(|r| r == *i))
            .filter_map(|(_, t)| match &t.state {
                RemedyState::CannotBeDelivered { on, reason } => Some((on, &t.remedy, reason)),
                _ => None,
            })
            .max_by_key(|(on, _, _)| **on)
            .map(|(_, remedy, reason)| (remedy, reason))
            .ok_or_else(|| self.not_ready("record which remedy cannot be delivered first"))?;
        let follow_up = self
            .calendar
            .add_working_days(self.ctx.issued_on, REMEDY_FOLLOW_UP_WORKING_DAYS);
        let lead = "If you are unhappy about this, you have the right to ask the Housing Ombudsman to investigate.";
        let ombudsman_text = match self.ended_on() {
            Some(ended) => vec![
                self.referral_deadline(lead, END_OF_PROCESS, ended),
                "They can also give you free, independent advice.".to_owned(),
            ],
            None => vec![
                "If you are unhappy about this, you can contact the Housing Ombudsman for free, independent advice now.".to_owned(),
                self.referral_later(),
            ],
        };
        let facts = [("contact_by", long_date(follow_up))];
        let mut blocks = Vec::new();
        self.write(Part::Opening, &facts, &mut blocks);
        blocks.extend([
            heading("What we cannot do"),
            paragraph(format!(
                "We promised to {}. I am sorry, but we are not able to do this.",
                remedy_promise(remedy)
            )),
            heading("Why"),
            paragraph(sentence(reason.as_str())),
            heading("What happens next"),
        ]);
        self.write(Part::Next, &facts, &mut blocks);
        blocks.push(self.ombudsman(ombudsman_text));
        let in_short = vec![
            "We made you a promise that we cannot keep.".to_owned(),
            format!("We promised to {}.", clause(&remedy_promise(remedy))),
            "We are sorry.".to_owned(),
            format!(
                "We will contact you by {} to agree something else.",
                long_date(follow_up)
            ),
            self.short_reference(),
            self.short_ombudsman(),
        ];
        Ok(Body {
            stage: None,
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }

    fn remedy_done(&self) -> Result<Body, LetterError> {
        // The remedy the step named; else the one most recently done (the last one listed
        // on a tie).
        let remedy = self
            .complaint
            .remedies()
            .iter()
            .enumerate()
            .filter(|(i, _)| self.ctx.remedy.is_none_or(|r| r == *i))
            .filter_map(|(_, t)| match &t.state {
                RemedyState::Done { on } => Some((on, &t.remedy)),
                _ => None,
            })
            .max_by_key(|(on, _)| **on)
            .map(|(_, remedy)| remedy)
            .ok_or_else(|| self.not_ready("record which remedy is done first"))?;
        let outstanding = self
            .complaint
            .remedies()
            .iter()
            .filter(|t| matches!(t.state, RemedyState::Outstanding))
            .count();
        let still = match outstanding {
            0 => "Everything we said we would do is now done.".to_owned(),
            1 => "There is one more thing we promised to do. We will write when it is done."
                .to_owned(),
            n => format!(
                "There are {n} more things we promised to do. We will write as each is done."
            ),
        };
        let lead = "If you are unhappy with how we put things right, you have the right to ask the Housing Ombudsman to investigate.";
        let ombudsman_text = match self.ended_on() {
            Some(ended) => vec![
                self.referral_deadline(lead, END_OF_PROCESS, ended),
                "They can also give you free, independent advice.".to_owned(),
            ],
            None => vec![
                "You can contact the Housing Ombudsman for free, independent advice at any time."
                    .to_owned(),
                self.referral_later(),
            ],
        };
        let mut blocks = Vec::new();
        self.write(Part::Opening, &[], &mut blocks);
        blocks.extend([
            heading("What we have done"),
            paragraph(format!(
                "We promised to {}. This is now done.",
                remedy_promise(remedy)
            )),
            heading("What happens next"),
            paragraph(still.clone()),
        ]);
        self.write(Part::Next, &[], &mut blocks);
        blocks.push(self.ombudsman(ombudsman_text));
        let in_short = vec![
            format!("We promised to {}.", clause(&remedy_promise(remedy))),
            "It is done.".to_owned(),
            still,
            self.short_reference(),
            self.short_ombudsman(),
        ];
        Ok(Body {
            stage: None,
            subject: self.say(Part::Subject, &[]),
            blocks,
            in_short,
        })
    }
}
