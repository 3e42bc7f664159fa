//! Who is at the till: status, signing in and out, the shop's settings.

use serde::Deserialize;
use ts_rs::TS;

use super::{Api, Caller, NoArgs};
use crate::error::Result;
use crate::language::Language;
use crate::settings::Settings;
use crate::setup::{SetupInput, TillIdentity};
use crate::staff::StaffMember;
use crate::till::AppStatus;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SignInArgs {
    pub code: String,
    pub pin: String,
}

/// The language the screen is in (`en`, `de`).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScreenLanguageArgs {
    pub language: Language,
}

pub(super) fn screen_language(api: &Api, _: &Caller, args: ScreenLanguageArgs) -> Result<()> {
    api.host().speak(args.language);
    Ok(())
}

pub(super) fn app_status(api: &Api, _: &Caller, _: NoArgs) -> Result<AppStatus> {
    api.till()?.status()
}

pub(super) fn sign_in(api: &Api, _: &Caller, args: SignInArgs) -> Result<StaffMember> {
    let member = api.till()?.sign_in(&args.code, &args.pin)?;
    let mut session = api.session()?;
    session.staff = Some(member.clone());
    session.import = None;
    Ok(member)
}

pub(super) fn sign_out(api: &Api, _: &Caller, _: NoArgs) -> Result<()> {
    api.till()?.sign_out()?;
    let mut session = api.session()?;
    session.staff = None;
    session.import = None;
    Ok(())
}

pub(super) fn current_staff(_: &Api, caller: &Caller, _: NoArgs) -> Result<Option<StaffMember>> {
    Ok(caller.staff.clone())
}

pub(super) fn shop_settings(api: &Api, _: &Caller, _: NoArgs) -> Result<Settings> {
    Ok(api.till()?.settings().clone())
}

pub(super) fn sync_status(api: &Api, _: &Caller, _: NoArgs) -> Result<crate::sync::SyncStatus> {
    Ok(api.outbox().map_or_else(crate::sync::SyncStatus::off, |o| o.status()))
}

pub(super) fn terminal(api: &Api, _: &Caller, _: NoArgs) -> Result<String> {
    Ok(api.till()?.terminal().to_string())
}

pub(super) fn till_identity(api: &Api, _: &Caller, _: NoArgs) -> Result<TillIdentity> {
    api.till()?.identity()
}

/// Setup signs the new manager in: they have just chosen their PIN.
pub(super) fn set_up_shop(api: &Api, _: &Caller, args: SetupInput) -> Result<StaffMember> {
    let member = api.till()?.set_up(&args)?;
    let mut session = api.session()?;
    session.staff = Some(member.clone());
    session.import = None;
    Ok(member)
}
