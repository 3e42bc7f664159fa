//! Given the screen's language and the system's locale, when the web engine
//! is told which language to prefer, then a system that speaks the screen's
//! language keeps its own country's ways, and any other gets the bare tag.

use pos_core::language::Language;
use pos_desktop::adapter::engine_language;

#[test]
fn a_system_speaking_the_screens_language_keeps_its_country() {
    assert_eq!(engine_language(Language::En, Some("en_GB.UTF-8")), "en-GB");
    assert_eq!(engine_language(Language::De, Some("de_AT.UTF-8@euro")), "de-AT");
    assert_eq!(engine_language(Language::De, Some("de")), "de");
}

#[test]
fn any_other_system_gets_the_screens_bare_language() {
    assert_eq!(engine_language(Language::De, Some("C.UTF-8")), "de");
    assert_eq!(engine_language(Language::En, Some("de_DE.UTF-8")), "en");
    assert_eq!(engine_language(Language::De, Some("den_XX")), "de");
    assert_eq!(engine_language(Language::En, Some("POSIX")), "en");
    assert_eq!(engine_language(Language::En, None), "en");
}
