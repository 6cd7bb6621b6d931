//! Custom scalars.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

use crate::model::PartialDate;

/// A calendar date with year, month or day precision: `2019`, `2019-06` or `2019-06-18`. As a filter
/// bound it stands for the whole interval it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date(pub PartialDate);

#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => s
                .parse()
                .map(Date)
                .map_err(|e: crate::model::DateError| InputValueError::custom(e.to_string())),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}
