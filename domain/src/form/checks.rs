//! Checking every field of a form and reporting every problem at once.
//!
//! A form's checks are a tuple of results, one per field in the form's order; when any
//! fails, the person is told about each field that failed (one message per field, the
//! first), not only the first field. An error that is not about a field (the case is gone,
//! the database failed) wins over them. The pages' errors and the service layer's errors
//! both say how they carry field problems through [`Refusal`].

/// An error type that can be about fields.
pub trait Refusal: Sized {
    /// One field's problem.
    type Problem;

    /// The name of the field `problem` is about.
    fn field(problem: &Self::Problem) -> &str;

    /// The field problems this error is, or the error itself when it is not about fields.
    fn into_problems(self) -> Result<Vec<Self::Problem>, Self>;

    /// The error of these problems (one per field; none only for a check that failed
    /// without saying why, which is a fault of ours).
    fn from_problems(problems: Vec<Self::Problem>) -> Self;
}

/// The problems gathered so far.
pub struct Problems<E: Refusal> {
    fields: Vec<E::Problem>,
    other: Option<E>,
    failed: bool,
}

impl<E: Refusal> Default for Problems<E> {
    fn default() -> Self {
        Self {
            fields: Vec::new(),
            other: None,
            failed: false,
        }
    }
}

impl<E: Refusal> Problems<E> {
    /// The answer of one check, keeping its problems when it failed.
    pub fn take<T>(&mut self, result: Result<T, E>) -> Option<T> {
        match result.map_err(E::into_problems) {
            Ok(value) => return Some(value),
            Err(Ok(problems)) => {
                self.failed = true;
                self.fields.extend(problems);
            }
            Err(Err(other)) => {
                self.failed = true;
                self.other.get_or_insert(other);
            }
        }
        None
    }

    /// The error of everything gathered: the first error not about fields if any, else
    /// each field's first problem in order. `None` when nothing failed.
    pub fn into_error(self) -> Option<E> {
        if !self.failed {
            return None;
        }
        if let Some(other) = self.other {
            return Some(other);
        }
        let mut seen: Vec<String> = Vec::new();
        let mut fields = self.fields;
        fields.retain(|p| {
            let field = E::field(p);
            let first = !seen.iter().any(|s| s == field);
            if first {
                seen.push(field.to_owned());
            }
            first
        });
        Some(E::from_problems(fields))
    }
}

/// The answers of a tuple of checks when all passed, otherwise every problem at once.
pub trait CheckAll<E> {
    type Answers;
    fn check_all(self) -> Result<Self::Answers, E>;
}

macro_rules! check_all {
    ($($t:ident $v:ident),+) => {
        impl<Err: Refusal, $($t),+> CheckAll<Err> for ($(Result<$t, Err>,)+) {
            type Answers = ($($t,)+);
            fn check_all(self) -> Result<Self::Answers, Err> {
                let ($($v,)+) = self;
                let mut problems = Problems::default();
                $(let $v = problems.take($v);)+
                match ($($v,)+) {
                    ($(Some($v),)+) => Ok(($($v,)+)),
                    _ => Err(problems
                        .into_error()
                        .unwrap_or_else(|| Err::from_problems(Vec::new()))),
                }
            }
        }
    };
}

check_all!(A a, B b);
check_all!(A a, B b, C c);
check_all!(A a, B b, C c, D d);
check_all!(A a, B b, C c, D d, E e);
check_all!(A a, B b, C c, D d, E e, F f);
check_all!(A a, B b, C c, D d, E e, F f, G g);
check_all!(A a, B b, C c, D d, E e, F f, G g, H h);

/// Every problem of a list of checks of one kind (a repeating part of a form), at once.
pub fn check_each<T, E: Refusal>(
    results: impl IntoIterator<Item = Result<T, E>>,
) -> Result<Vec<T>, E> {
    let mut problems = Problems::default();
    let mut answers = Vec::new();
    for result in results {
        if let Some(answer) = problems.take(result) {
            answers.push(answer);
        }
    }
    match problems.into_error() {
        Some(error) => Err(error),
        None => Ok(answers),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::FieldError;

    #[derive(Debug, PartialEq)]
    enum Error {
        Fields(Vec<FieldError>),
        Gone,
    }

    impl Refusal for Error {
        type Problem = FieldError;
        fn field(problem: &FieldError) -> &str {
            problem.field
        }
        fn into_problems(self) -> Result<Vec<FieldError>, Self> {
            match self {
                Error::Fields(list) => Ok(list),
                other => Err(other),
            }
        }
        fn from_problems(problems: Vec<FieldError>) -> Self {
            Error::Fields(problems)
        }
    }

    fn bad(field: &'static str, message: &str) -> Error {
        Error::Fields(vec![FieldError {
            field,
            message: message.to_owned(),
        }])
    }

    #[test]
    fn every_field_is_told_once_in_order() {
        let checks: (Result<u8, Error>, Result<u8, Error>, Result<u8, Error>) = (
            Err(bad("on", "Enter a date")),
            Ok(1),
            Err(bad("text", "Write it")),
        );
        let Err(Error::Fields(list)) = checks.check_all() else {
            panic!("two fields failed");
        };
        let fields: Vec<_> = list.iter().map(|p| p.field).collect();
        assert_eq!(fields, ["on", "text"]);

        let again = check_each([
            Err::<u8, _>(bad("to", "first")),
            Err(bad("to", "second")),
            Ok(3),
        ]);
        assert_eq!(again, Err(bad("to", "first")));
    }

    #[test]
    fn an_error_not_about_fields_wins() {
        let checks: (Result<u8, Error>, Result<u8, Error>) =
            (Err(bad("on", "x")), Err(Error::Gone));
        assert_eq!(checks.check_all(), Err(Error::Gone));
        let fine: (Result<u8, Error>, Result<&str, Error>) = (Ok(1), Ok("a"));
        assert_eq!(fine.check_all(), Ok((1, "a")));
        assert_eq!(check_each(Vec::<Result<u8, Error>>::new()), Ok(vec![]));
    }
}
