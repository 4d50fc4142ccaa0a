//! An involved customer's independent view of a Stage 2 review (SPEC section 1): four
//! questions, each answered yes, partly or no, and comments in their own words.
//!
//! Rules we chose where SPEC is silent: every question needs an answer; comments are
//! optional when every answer is "yes", and needed as soon as one is "partly" or "no" (a
//! view that finds fault says where, so the reviewer can act on it); comments are kept to
//! [`IndependentView::MAX_COMMENT_CHARS`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::calendar::Calendar;

/// Working days a panel member has to give their view, from the day they are invited.
pub const VIEW_WORKING_DAYS: u32 = 5;
/// Working days before the review's response deadline the view is needed by at the latest,
/// so the reviewer can weigh it before answering.
pub const VIEW_BEFORE_RESPONSE_WORKING_DAYS: u32 = 2;

/// The day a panel member's view is needed by (our rule; SPEC is silent):
/// [`VIEW_WORKING_DAYS`] working days after the invitation, or
/// [`VIEW_BEFORE_RESPONSE_WORKING_DAYS`] working days before the review's response
/// deadline when that is sooner, but never before the working day after the invitation.
pub fn view_needed_by(
    calendar: &Calendar,
    invited_on: NaiveDate,
    response_due: Option<NaiveDate>,
) -> NaiveDate {
    let usual = calendar.add_working_days(invited_on, VIEW_WORKING_DAYS);
    let earliest = calendar.add_working_days(invited_on, 1);
    let Some(due) = response_due else {
        return usual;
    };
    let mut before = due;
    for _ in 0..VIEW_BEFORE_RESPONSE_WORKING_DAYS {
        before = before.pred_opt().unwrap_or(before);
        while !calendar.is_working_day(before) && before > earliest {
            before = before.pred_opt().unwrap_or(before);
        }
    }
    usual.min(before).max(earliest)
}

/// An answer to one of the view's questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    Partly,
    No,
}

impl Answer {
    pub const ALL: [Answer; 3] = [Answer::Yes, Answer::Partly, Answer::No];

    /// The stored (and posted) code.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::Partly => "partly",
            Answer::No => "no",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "Yes",
            Answer::Partly => "Partly",
            Answer::No => "No",
        }
    }
}

/// The questions an involved customer answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Question {
    Thorough,
    PointsAnswered,
    EvidenceSupports,
    RemedyRight,
}

impl Question {
    pub const ALL: [Question; 4] = [
        Question::Thorough,
        Question::PointsAnswered,
        Question::EvidenceSupports,
        Question::RemedyRight,
    ];

    /// The question as the form and the staff page ask it.
    pub fn text(self) -> &'static str {
        match self {
            Question::Thorough => "Was the investigation thorough?",
            Question::PointsAnswered => "Were all the points the customer raised answered?",
            Question::EvidenceSupports => "Does the evidence support the resolution?",
            Question::RemedyRight => "Does the remedy put things right?",
        }
    }

    /// The questions put to a member: about the evidence only when evidence was shared
    /// with them (a question they cannot answer is not asked).
    pub fn asked(evidence_shared: bool) -> impl Iterator<Item = Question> {
        Self::ALL
            .into_iter()
            .filter(move |q| evidence_shared || *q != Question::EvidenceSupports)
    }

    /// What to do when the question was left unanswered.
    fn missing(self) -> &'static str {
        match self {
            Question::Thorough => "Say whether the investigation was thorough",
            Question::PointsAnswered => "Say whether all the points raised were answered",
            Question::EvidenceSupports => "Say whether the evidence supports the resolution",
            Question::RemedyRight => "Say whether the remedy puts things right",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum ViewError {
    #[error("{}", .0.missing())]
    Unanswered(Question),
    #[error(
        "Write a comment: where you answered “partly” or “no”, say what was missing or could be better"
    )]
    CommentsNeeded,
    #[error("Keep your comments to {max} characters or fewer", max = IndependentView::MAX_COMMENT_CHARS)]
    CommentsTooLong,
}

/// What the form sends: a code per question (`yes`, `partly`, `no`) and the comments.
#[derive(Debug, Clone, Copy, Default)]
pub struct ViewInput<'a> {
    pub thorough: Option<&'a str>,
    pub points_answered: Option<&'a str>,
    pub evidence_supports: Option<&'a str>,
    pub remedy_right: Option<&'a str>,
    pub comments: Option<&'a str>,
    /// Evidence was shared with the member, so the question about it is asked; otherwise
    /// any answer to it is ignored.
    pub evidence_shared: bool,
}

/// A complete, valid independent view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndependentView {
    thorough: Answer,
    points_answered: Answer,
    /// `None` when no evidence was shared, so the question was not asked.
    evidence_supports: Option<Answer>,
    remedy_right: Answer,
    comments: Option<String>,
}

impl IndependentView {
    pub const MAX_COMMENT_CHARS: usize = 5000;

    /// Checks the questions in the order the form asks them, then the comments; the first
    /// problem (see [`IndependentView::check`] for all of them).
    pub fn parse(input: ViewInput<'_>) -> Result<Self, ViewError> {
        Self::check(input).map_err(|problems| problems[0])
    }

    /// Every problem with a view at once, in the order the form asks its questions, then
    /// the comments: an unanswered question each, comments too long, or (when any answer
    /// given finds fault) no comments saying why. Never an empty list.
    pub fn check(input: ViewInput<'_>) -> Result<Self, Vec<ViewError>> {
        let mut problems = Vec::new();
        let mut answer = |question: Question, code: Option<&str>| {
            let answer = code.and_then(Answer::parse);
            if answer.is_none() {
                problems.push(ViewError::Unanswered(question));
            }
            answer
        };
        let thorough = answer(Question::Thorough, input.thorough);
        let points_answered = answer(Question::PointsAnswered, input.points_answered);
        let evidence_supports = input
            .evidence_shared
            .then(|| answer(Question::EvidenceSupports, input.evidence_supports));
        let remedy_right = answer(Question::RemedyRight, input.remedy_right);
        let answers = [
            thorough,
            points_answered,
            evidence_supports.flatten(),
            remedy_right,
        ];
        let comments = input
            .comments
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        let finds_fault = answers.iter().flatten().any(|a| *a != Answer::Yes);
        match &comments {
            Some(c) if c.chars().count() > Self::MAX_COMMENT_CHARS => {
                problems.push(ViewError::CommentsTooLong)
            }
            None if finds_fault => problems.push(ViewError::CommentsNeeded),
            _ => {}
        }
        match (thorough, points_answered, remedy_right) {
            (Some(thorough), Some(points_answered), Some(remedy_right)) if problems.is_empty() => {
                Ok(Self {
                    thorough,
                    points_answered,
                    evidence_supports: evidence_supports.flatten(),
                    remedy_right,
                    comments,
                })
            }
            _ => Err(problems),
        }
    }

    /// The answer to `question`; `None` for the evidence question when it was not asked.
    pub fn answer(&self, question: Question) -> Option<Answer> {
        match question {
            Question::Thorough => Some(self.thorough),
            Question::PointsAnswered => Some(self.points_answered),
            Question::EvidenceSupports => self.evidence_supports,
            Question::RemedyRight => Some(self.remedy_right),
        }
    }

    pub fn comments(&self) -> Option<&str> {
        self.comments.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(code: &str) -> ViewInput<'_> {
        ViewInput {
            thorough: Some(code),
            points_answered: Some(code),
            evidence_supports: Some(code),
            remedy_right: Some(code),
            comments: None,
            evidence_shared: true,
        }
    }

    #[test]
    fn a_view_that_agrees_needs_no_comment() {
        let view = IndependentView::parse(all("yes")).expect("valid");
        for q in Question::ALL {
            assert_eq!(view.answer(q), Some(Answer::Yes));
        }
        assert_eq!(view.comments(), None);
    }

    #[test]
    fn every_question_needs_an_answer_in_the_order_asked() {
        let mut input = all("yes");
        input.points_answered = None;
        input.remedy_right = Some("maybe");
        assert_eq!(
            IndependentView::parse(input),
            Err(ViewError::Unanswered(Question::PointsAnswered))
        );
        input.points_answered = Some("no");
        assert_eq!(
            IndependentView::parse(input),
            Err(ViewError::Unanswered(Question::RemedyRight))
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_view_is_needed_five_working_days_on_or_two_before_the_response_is_due() {
        let cal = Calendar::england_and_wales();
        // Invited Monday 1 June 2026: five working days on is Monday 8 June.
        assert_eq!(view_needed_by(&cal, d(2026, 6, 1), None), d(2026, 6, 8));
        assert_eq!(
            view_needed_by(&cal, d(2026, 6, 1), Some(d(2026, 6, 30))),
            d(2026, 6, 8)
        );
        // The response is due Friday 5 June: two working days before is Wednesday 3 June.
        assert_eq!(
            view_needed_by(&cal, d(2026, 6, 1), Some(d(2026, 6, 5))),
            d(2026, 6, 3)
        );
        // Due Tuesday 26 May 2026 (after the bank holiday Monday 25 May): Thursday 21 May.
        assert_eq!(
            view_needed_by(&cal, d(2026, 5, 18), Some(d(2026, 5, 26))),
            d(2026, 5, 21)
        );
        // A deadline too close still leaves the working day after the invitation.
        assert_eq!(
            view_needed_by(&cal, d(2026, 6, 4), Some(d(2026, 6, 5))),
            d(2026, 6, 5)
        );
    }

    #[test]
    fn every_problem_is_found_at_once_in_the_order_asked() {
        let mut input = all("yes");
        input.thorough = None;
        input.evidence_supports = Some("no");
        input.remedy_right = Some("maybe");
        assert_eq!(
            IndependentView::check(input),
            Err(vec![
                ViewError::Unanswered(Question::Thorough),
                ViewError::Unanswered(Question::RemedyRight),
                ViewError::CommentsNeeded,
            ])
        );
        let long = "a".repeat(IndependentView::MAX_COMMENT_CHARS + 1);
        input.comments = Some(&long);
        assert_eq!(
            IndependentView::check(input).unwrap_err().last(),
            Some(&ViewError::CommentsTooLong)
        );
    }

    #[test]
    fn a_view_that_finds_fault_says_where() {
        let mut input = all("yes");
        input.evidence_supports = Some("partly");
        input.comments = Some("   ");
        assert_eq!(
            IndependentView::parse(input),
            Err(ViewError::CommentsNeeded)
        );
        input.comments = Some("  The photos were not looked at.  ");
        let view = IndependentView::parse(input).expect("valid");
        assert_eq!(
            view.answer(Question::EvidenceSupports),
            Some(Answer::Partly)
        );
        assert_eq!(view.comments(), Some("The photos were not looked at."));
    }

    #[test]
    fn the_evidence_question_is_asked_only_when_evidence_was_shared() {
        assert_eq!(Question::asked(true).count(), 4);
        assert_eq!(
            Question::asked(false).collect::<Vec<_>>(),
            [
                Question::Thorough,
                Question::PointsAnswered,
                Question::RemedyRight
            ]
        );
        // Nothing shared: it need not be answered, and an answer sent all the same (an old
        // page, a hand-made post) is not kept.
        let mut input = all("yes");
        input.evidence_shared = false;
        input.evidence_supports = None;
        let view = IndependentView::parse(input).expect("valid without it");
        assert_eq!(view.answer(Question::EvidenceSupports), None);
        input.evidence_supports = Some("no");
        let view = IndependentView::parse(input).expect("the answer is ignored");
        assert_eq!(view.answer(Question::EvidenceSupports), None);
        assert_eq!(
            view.comments(),
            None,
            "and finds no fault needing a comment"
        );
        // Shared: it must be answered.
        input.evidence_shared = true;
        input.evidence_supports = None;
        assert_eq!(
            IndependentView::parse(input),
            Err(ViewError::Unanswered(Question::EvidenceSupports))
        );
    }

    #[test]
    fn comments_are_kept_to_a_readable_length() {
        let long = "a".repeat(IndependentView::MAX_COMMENT_CHARS + 1);
        let mut input = all("no");
        input.comments = Some(&long);
        assert_eq!(
            IndependentView::parse(input),
            Err(ViewError::CommentsTooLong)
        );
    }

    #[test]
    fn answers_read_back_from_their_codes() {
        for answer in Answer::ALL {
            assert_eq!(Answer::parse(answer.as_str()), Some(answer));
        }
        assert_eq!(Answer::parse("Yes"), None);
    }

    #[test]
    fn every_question_is_asked_and_explained_in_words() {
        for q in Question::ALL {
            assert!(q.text().ends_with('?'));
            assert!(!ViewError::Unanswered(q).to_string().ends_with('.'));
        }
    }
}
