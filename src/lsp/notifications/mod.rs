//! Notifications: they change state, synchronously and in order, then publish.

pub mod did_change;
pub mod did_change_configuration;
pub mod did_close;
pub mod did_open;
pub mod publish;
pub mod settings_file;
