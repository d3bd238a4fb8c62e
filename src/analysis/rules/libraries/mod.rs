//! PG9: libraries and the standard library.

use super::Rule;

mod common;
mod datetime_utcnow;
mod fastapi_on_event;
mod fastapi_status_codes;
mod pydantic_v1_methods;
mod regex_compile;
mod regex_match_none;
mod regex_raw_string;
mod sqlalchemy_legacy_declarative;
mod sqlalchemy_session_not_closed;
mod test_network_call;

pub const RULES: &[&dyn Rule] = &[
    &regex_raw_string::RegexRawString,
    &regex_match_none::RegexMatchNone,
    &regex_compile::RegexCompile,
    &datetime_utcnow::DatetimeUtcnow,
    &pydantic_v1_methods::PydanticV1Methods,
    &fastapi_on_event::FastapiOnEvent,
    &fastapi_status_codes::FastapiStatusCodes,
    &sqlalchemy_legacy_declarative::SqlalchemyLegacyDeclarative,
    &sqlalchemy_session_not_closed::SqlalchemySessionNotClosed,
    &test_network_call::TestNetworkCall,
];
