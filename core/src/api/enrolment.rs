//! Enrolling this till with the shop's server from the app: a manager gives
//! the server's address, the shop's id, a one-time code made on the server
//! (`pos-server enrol-code`) and, for a server with the shop's own
//! certificate authority, that authority's PEM. The till trades the code for
//! its token and keeps the enrolment in its file; the outbox, which runs
//! beside every app, starts pushing at its next round. `pos sync --enrol`
//! does the same from the command line.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Api, Caller, NoArgs};
use crate::error::{check_text, Error, Result};
use crate::limits::{CA_PEM_CHARS_MAX, CODE_CHARS_MAX, SERVER_URL_CHARS_MAX};
use crate::sync::{self, ShopServer, SyncSetup};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EnrolTillArgs {
    /// The shop server's address, `http://…` or `https://…`.
    pub server: String,
    /// The shop's id on the server.
    pub shop: String,
    /// The one-time code from `pos-server enrol-code`.
    pub code: String,
    /// The shop's own certificate authority (PEM), trusted instead of the public ones.
    #[serde(default)]
    pub ca: Option<String>,
}

/// Where this till is enrolled (never its token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Enrolment {
    pub server: String,
    pub shop: String,
    pub till: String,
    /// Whether the shop's own certificate authority is trusted (else the public ones).
    pub own_ca: bool,
}

impl Enrolment {
    fn of(setup: &SyncSetup, till: &str) -> Enrolment {
        Enrolment { server: setup.server.clone(), shop: setup.shop.clone(), till: till.to_string(), own_ca: setup.ca.is_some() }
    }
}

/// The server's address as typed, checked to be one a till can reach.
fn server_address(text: &str) -> Result<String> {
    let url = check_text(text, "Shop server", SERVER_URL_CHARS_MAX, true)?.trim_end_matches('/').to_string();
    let host = url.strip_prefix("http://").or_else(|| url.strip_prefix("https://")).unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        let problem = crate::problem::Problem::ServerAddress { typed: text.trim().to_string() };
        return Err(Error::Invalid { field: "Shop server", problem });
    }
    Ok(url)
}

pub(super) fn shop_server(api: &Api, _: &Caller, _: NoArgs) -> Result<Option<Enrolment>> {
    let till = api.till()?;
    Ok(till.sync_setup()?.map(|setup| Enrolment::of(&setup, till.terminal())))
}

pub(super) fn enrol_till(api: &Api, _: &Caller, args: EnrolTillArgs) -> Result<Enrolment> {
    let server = server_address(&args.server).map_err(|e| e.at("server"))?;
    let shop = check_text(&args.shop, "Shop", CODE_CHARS_MAX, true).map_err(|e| e.at("shop"))?;
    let code = check_text(&args.code, "Enrolment code", CODE_CHARS_MAX, true).map_err(|e| e.at("code"))?;
    let ca = match args.ca.as_deref().map(str::trim).filter(|pem| !pem.is_empty()) {
        Some(pem) => Some(check_text(pem, "Certificate authority", CA_PEM_CHARS_MAX, true).map_err(|e| e.at("ca"))?),
        None => None,
    };
    let terminal = api.till()?.terminal().to_string();
    let reach = match &ca {
        Some(pem) => ShopServer::new(&server, "").trusting(pem).map_err(|e| Error::from(e).at("ca"))?,
        None => ShopServer::new(&server, ""),
    };
    // Over the network without holding the till: the register goes on meanwhile.
    let token = sync::enrol_with(&reach, &shop, &terminal, &code)?;
    let setup = SyncSetup { server, shop, token, ca };
    let till = api.till()?;
    till.set_sync_setup(&setup)?;
    Ok(Enrolment::of(&setup, till.terminal()))
}
