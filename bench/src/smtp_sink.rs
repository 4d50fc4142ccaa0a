//! A small SMTP server on 127.0.0.1 and a port of its own, for checks and tests: it keeps
//! every message it accepts (who it was for and its raw text), and answers each `RCPT TO`
//! from a script (a temporary or permanent refusal, say) before accepting as usual. Used
//! by `putright check-cluster` to count what the app servers sent, and by the outbox's
//! tests.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One accepted message: who it was for and its raw text.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: Vec<String>,
    pub data: String,
}

impl Received {
    /// The value of the message's `Message-ID` header, if it has one.
    pub fn message_id(&self) -> Option<&str> {
        self.data.lines().find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("message-id")
                .then(|| value.trim())
        })
    }
}

#[derive(Clone)]
pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<&'static str>>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SmtpSink {
    /// Starts listening. `rcpt_answers` are given, in order, to the next `RCPT TO`s; after
    /// them every recipient is accepted.
    pub async fn start(rcpt_answers: &[&'static str]) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let sink = Self {
            addr: listener.local_addr()?,
            received: Arc::default(),
            script: Arc::new(Mutex::new(rcpt_answers.iter().copied().collect())),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = serving.clone();
                tokio::spawn(async move {
                    let _ = sink.session(stream).await;
                });
            }
        });
        Ok(sink)
    }

    /// `smtp://127.0.0.1:PORT`, for the `smtp_url` setting.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    /// Every message accepted so far, in the order they came.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.received).clone()
    }

    async fn session(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        write.write_all(b"220 sink.test ESMTP\r\n").await?;
        let mut to = Vec::new();
        while let Some(line) = lines.next_line().await? {
            let command = line.to_ascii_uppercase();
            let answer: String = if command.starts_with("EHLO") || command.starts_with("HELO") {
                "250-sink.test\r\n250 8BITMIME\r\n".into()
            } else if command.starts_with("MAIL FROM") {
                to.clear();
                "250 OK\r\n".into()
            } else if command.starts_with("RCPT TO") {
                let scripted = lock(&self.script).pop_front();
                match scripted {
                    Some(answer) => format!("{answer}\r\n"),
                    None => {
                        to.push(line.get(8..).unwrap_or_default().trim().to_owned());
                        "250 OK\r\n".into()
                    }
                }
            } else if command == "DATA" {
                write.write_all(b"354 Go ahead\r\n").await?;
                let mut data = String::new();
                while let Some(line) = lines.next_line().await? {
                    if line == "." {
                        break;
                    }
                    data.push_str(&line);
                    data.push('\n');
                }
                lock(&self.received).push(Received {
                    to: std::mem::take(&mut to),
                    data,
                });
                "250 OK queued\r\n".into()
            } else if command == "QUIT" {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            } else {
                "250 OK\r\n".into()
            };
            write.write_all(answer.as_bytes()).await?;
        }
        Ok(())
    }
}
