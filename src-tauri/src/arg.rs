//! Command arguments that fail like everything else does.
//!
//! Tauri turns an argument that does not deserialize (a string where a number
//! belongs, a missing field, a request of an unknown type) into a plain-text
//! rejection, which the UI could only show as "unexpected". Every argument a
//! command takes from the webview is an [`Arg`], so such a call is refused
//! with the one error shape: `{ code: "invalid_input", message }`.

use std::ops::Deref;

use serde::Deserialize;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};
use tauri::Runtime;

use crate::CommandError;

/// One argument of a command, deserialized from the webview's call.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg<T>(pub T);

impl<T> Arg<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Arg<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

/// The message names the argument and what was wrong with it; serde's text
/// says which type it expected and what it found.
pub fn invalid(command: &str, key: &str, problem: impl std::fmt::Display) -> CommandError {
    let problem = problem.to_string();
    let shown: String = problem.chars().take(PROBLEM_CHARS_SHOWN).collect();
    CommandError::new("invalid_input", format!("`{key}` of `{command}` is not valid: {shown}"))
}

/// A rejected argument's text is cut here: it can quote what was sent.
const PROBLEM_CHARS_SHOWN: usize = 200;

impl<'de, T: Deserialize<'de>, R: Runtime> CommandArg<'de, R> for Arg<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let (name, key) = (command.name, command.key);
        T::deserialize(command).map(Arg).map_err(|e| InvokeError::from(invalid(name, key, e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_argument_and_cuts_what_was_sent() {
        let e = invalid("order_view", "orderId", format!("invalid type: string \"{}\"", "x".repeat(1 << 20)));
        assert_eq!(e.code, "invalid_input");
        assert!(e.message.starts_with("`orderId` of `order_view` is not valid: invalid type: string"), "{}", e.message);
        assert!(e.message.chars().count() < 300, "{} chars", e.message.chars().count());
    }
}
