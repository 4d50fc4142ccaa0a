//! The SMTP server the outbox's tests send to (`server::smtp_sink`).

pub use server::smtp_sink::SmtpSink;
