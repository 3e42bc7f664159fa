//! What makes a PIN acceptable for a real shop: digits only, within the
//! length bounds, and not one a thief tries first (all one digit, a run up
//! or down). Checked where a PIN is chosen (setup, adding staff, a reset),
//! never at sign-in: a PIN chosen before the rule keeps working.

use crate::error::{Error, Result};
use crate::limits::{PIN_DIGITS_MAX, PIN_DIGITS_MIN};
use crate::problem::{Problem, WeakPin};

/// Digits only, `PIN_DIGITS_MIN..=PIN_DIGITS_MAX` of them.
pub(crate) fn check_format(pin: &str) -> Result<()> {
    let n = pin.chars().count();
    if !(PIN_DIGITS_MIN..=PIN_DIGITS_MAX).contains(&n) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(Error::Invalid { field: "PIN", problem: Problem::PinDigits { min: PIN_DIGITS_MIN, max: PIN_DIGITS_MAX } });
    }
    Ok(())
}

/// The format, and not all one digit (1111) nor a run up or down (1234, 9876).
pub(crate) fn check_new(pin: &str) -> Result<()> {
    check_format(pin)?;
    let digits: Vec<i16> = pin.bytes().map(|b| i16::from(b - b'0')).collect();
    debug_assert!(digits.len() >= 2, "the format allows no PIN this short");
    let steps: Vec<i16> = digits.windows(2).map(|w| w[1] - w[0]).collect();
    let weak = if steps.iter().all(|s| *s == 0) {
        Some(WeakPin::AllOneDigit)
    } else if steps.iter().all(|s| *s == 1) || steps.iter().all(|s| *s == -1) {
        Some(WeakPin::Run)
    } else {
        None
    };
    match weak {
        Some(rule) => Err(Error::Invalid { field: "PIN", problem: Problem::PinTooEasy(rule) }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(pin: &str) -> String {
        check_new(pin).unwrap_err().to_string()
    }

    #[test]
    fn a_new_pin_has_four_to_twelve_digits() {
        assert!(check_new("2580").is_ok());
        assert!(check_new("739164825031").is_ok());
        assert!(refused("258").contains("4 to 12 digits"));
        assert!(refused("7391648250314").contains("4 to 12 digits"));
        assert!(refused("25a0").contains("4 to 12 digits"));
        assert!(refused("").contains("4 to 12 digits"));
    }

    #[test]
    fn a_new_pin_is_not_all_one_digit() {
        for pin in ["0000", "1111", "9999", "55555555"] {
            assert!(refused(pin).contains("not all one digit"), "{pin}");
        }
        assert!(check_new("1110").is_ok());
    }

    #[test]
    fn a_new_pin_is_not_a_run_up_or_down() {
        for pin in ["1234", "0123", "6789", "4321", "9876", "3456789"] {
            assert!(refused(pin).contains("not a run"), "{pin}");
        }
        // Wrapping past 9, or a run with one step off, is allowed.
        for pin in ["7890", "1235", "2468", "1324"] {
            assert!(check_new(pin).is_ok(), "{pin}");
        }
    }

    #[test]
    fn a_weak_pin_is_refused_by_its_rule_under_a_key_of_its_own() {
        // Given a PIN all one digit and a PIN that runs down
        let (same, run) = (check_new("7777").unwrap_err(), check_new("4321").unwrap_err());
        // Then each names its rule in English as before, and by a key for any language
        assert_eq!(same.to_string(), "PIN: too easy to guess: not all one digit");
        assert_eq!((same.message().key, run.message().key), ("invalidPinAllOneDigit", "invalidPinRun"));
        // And a PIN of the wrong length gives the bounds as numbers
        let short = check_new("25").unwrap_err().message();
        assert_eq!(short.key, "invalidPinDigits");
        assert_eq!(short.params_by_name()["min"], crate::message::Param::Number(4));
    }

    #[test]
    fn signing_in_checks_only_the_format() {
        assert!(check_format("1234").is_ok());
        assert!(check_format("9999").is_ok());
        assert!(check_format("12a4").is_err());
    }
}
