//! How a case reached us (SPEC section 2). The stored and imported values are the
//! snake_case names of SPEC section 8.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Letter,
    Email,
    SocialMedia,
    Phone,
    InPerson,
    OnlineForm,
    /// A member of staff raising it for a customer.
    Staff,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "Choose how it reached us: letter, email, social media, phone, in person, online form or staff"
)]
pub struct UnknownChannel;

impl Channel {
    pub const ALL: [Channel; 7] = [
        Channel::Letter,
        Channel::Email,
        Channel::SocialMedia,
        Channel::Phone,
        Channel::InPerson,
        Channel::OnlineForm,
        Channel::Staff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Letter => "letter",
            Channel::Email => "email",
            Channel::SocialMedia => "social_media",
            Channel::Phone => "phone",
            Channel::InPerson => "in_person",
            Channel::OnlineForm => "online_form",
            Channel::Staff => "staff",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Letter => "Letter",
            Channel::Email => "Email",
            Channel::SocialMedia => "Social media",
            Channel::Phone => "Phone",
            Channel::InPerson => "In person",
            Channel::OnlineForm => "Online form",
            Channel::Staff => "Raised by staff",
        }
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|c| c.as_str() == s.trim())
            .ok_or(UnknownChannel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_reads_back_from_its_name() {
        for channel in Channel::ALL {
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
            assert_eq!(
                serde_json::to_value(channel).unwrap(),
                serde_json::Value::String(channel.as_str().to_owned())
            );
        }
        assert_eq!("fax".parse::<Channel>(), Err(UnknownChannel));
    }
}
