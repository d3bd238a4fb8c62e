//! Standard input and output for the server, without tokio's blocking pool.
//!
//! `tokio::io::stdin()` and `stdout()` hand every read and every write to a
//! thread of the blocking pool and wait to be woken when it is done: two
//! thread switches per read and per write, on every message. Here one thread
//! of our own reads stdin for the whole session and passes the bytes on
//! through a channel (one wake-up per read), and writes go straight to the
//! stdout pipe from the task that produces them. Input is drained even while
//! a write waits for the client to read, so the two pipes can never both be
//! full with each side waiting for the other.

use std::io::{Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc;

/// Standard input, read by a dedicated thread.
pub struct Stdin {
    rx: mpsc::UnboundedReceiver<Vec<u8>>,
    /// Bytes received but not yet handed out, from `pos`.
    pending: Vec<u8>,
    pos: usize,
}

/// Starts the reader thread. Input ends (EOF) when stdin closes or fails.
pub fn stdin() -> Stdin {
    let (tx, rx) = mpsc::unbounded_channel();
    let spawned = std::thread::Builder::new()
        .name("pyguide-stdin".into())
        .spawn(move || {
            let mut input = std::io::stdin().lock();
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                match input.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        if tx.send(buf[..n].to_vec()).is_err() {
                            break;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        tracing::error!("cannot read standard input: {e}");
                        break;
                    }
                }
            }
        });
    if let Err(e) = spawned {
        // Without the thread the channel closes at once: the session ends.
        tracing::error!("cannot start the standard input reader: {e}");
    }
    Stdin {
        rx,
        pending: Vec::new(),
        pos: 0,
    }
}

impl AsyncRead for Stdin {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = &mut *self;
        while this.pos >= this.pending.len() {
            match this.rx.poll_recv(cx) {
                Poll::Ready(Some(bytes)) => {
                    this.pending = bytes;
                    this.pos = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())), // EOF
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = out.remaining().min(this.pending.len() - this.pos);
        out.put_slice(&this.pending[this.pos..this.pos + n]);
        this.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// Standard output, written in place. A write blocks only while the pipe to
/// the client is full, that is, until the client reads.
pub struct Stdout(std::io::Stdout);

pub fn stdout() -> Stdout {
    Stdout(std::io::stdout())
}

impl AsyncWrite for Stdout {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        Poll::Ready(self.0.lock().write(buf))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.0.lock().flush())
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.0.lock().flush())
    }
}
