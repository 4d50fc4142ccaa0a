//! An involved customer's independent view of a Stage 2 review (SPEC section 1): four
//! questions, each answered yes, partly or no, and comments in their own words.
//!
//! Rules we chose where SPEC is silent: every question needs an answer; comments are
//! optional when every answer is "yes", and needed as soon as one is "partly" or "no" (a
//! view that finds fault says where, so the reviewer can act on it); comments are kept to
//! [`IndependentView::MAX_COMMENT_CHARS`].

use serde::{Deserialize, Serialize};
use thiserror::Error;

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
}

/// A complete, valid independent view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndependentView {
    thorough: Answer,
    points_answered: Answer,
    evidence_supports: Answer,
    remedy_right: Answer,
    comments: Option<String>,
}

impl IndependentView {
    pub const MAX_COMMENT_CHARS: usize = 5000;

    /// Checks the questions in the order the form asks them, then the comments.
    pub fn parse(input: ViewInput<'_>) -> Result<Self, ViewError> {
        let answer = |question: Question, code: Option<&str>| {
            code.and_then(Answer::parse)
                .ok_or(ViewError::Unanswered(question))
        };
        let thorough = answer(Question::Thorough, input.thorough)?;
        let points_answered = answer(Question::PointsAnswered, input.points_answered)?;
        let evidence_supports = answer(Question::EvidenceSupports, input.evidence_supports)?;
        let remedy_right = answer(Question::RemedyRight, input.remedy_right)?;
        let comments = input
            .comments
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned);
        if comments
            .as_ref()
            .is_some_and(|c| c.chars().count() > Self::MAX_COMMENT_CHARS)
        {
            return Err(ViewError::CommentsTooLong);
        }
        let view = Self {
            thorough,
            points_answered,
            evidence_supports,
            remedy_right,
            comments,
        };
        let finds_fault = Question::ALL.iter().any(|q| view.answer(*q) != Answer::Yes);
        if finds_fault && view.comments.is_none() {
            return Err(ViewError::CommentsNeeded);
        }
        Ok(view)
    }

    pub fn answer(&self, question: Question) -> Answer {
        match question {
            Question::Thorough => self.thorough,
            Question::PointsAnswered => self.points_answered,
            Question::EvidenceSupports => self.evidence_supports,
            Question::RemedyRight => self.remedy_right,
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
        }
    }

    #[test]
    fn a_view_that_agrees_needs_no_comment() {
        let view = IndependentView::parse(all("yes")).expect("valid");
        for q in Question::ALL {
            assert_eq!(view.answer(q), Answer::Yes);
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
        assert_eq!(view.answer(Question::EvidenceSupports), Answer::Partly);
        assert_eq!(view.comments(), Some("The photos were not looked at."));
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
