//! PG3: security.

use super::Rule;

mod common;
mod cors_wildcard;
mod flask_debug_true;
mod hardcoded_secret;
mod jwt_decode_unpinned;
mod pickle_untrusted_load;
mod plaintext_password;
mod requests_no_timeout;
mod sql_injection;
mod subprocess_shell_injection;
mod weak_password_hash;
mod yaml;

pub const RULES: &[&dyn Rule] = &[
    &sql_injection::SqlInjection,
    &pickle_untrusted_load::PickleUntrustedLoad,
    &hardcoded_secret::HardcodedSecret,
    &plaintext_password::PlaintextPassword,
    &weak_password_hash::WeakPasswordHash,
    &jwt_decode_unpinned::JwtDecodeUnpinned,
    &subprocess_shell_injection::SubprocessShellInjection,
    &cors_wildcard::CorsWildcard,
    &flask_debug_true::FlaskDebugTrue,
    &yaml::Yaml,
    &requests_no_timeout::RequestsNoTimeout,
];
