//! The shop server's API against a real PostgreSQL: enrolment, pushes,
//! idempotency, gaps, forks, who may push what, and gap-free shop positions
//! under concurrent pushers.

mod common;

use common::{chain, genesis, TestShop, SHOP};
use serde_json::json;

macro_rules! shop {
    () => {
        match TestShop::start() {
            Some(shop) => shop,
            None => return,
        }
    };
}

#[test]
fn an_enrolment_code_gives_a_token_once() {
    // given a code made on the server for till T1
    let shop = shop!();
    let code = shop.code(SHOP, "T1");
    let enrol = |code: &str, till: &str| shop.call("POST", "/v1/enrol", None, Some(json!({"shop": SHOP, "till": till, "code": code})));
    // when a till of another id tries it, then T1 uses it (typed in lower case), then T1 uses it again
    let other = enrol(&code, "T2");
    let first = enrol(&code.to_lowercase(), "T1");
    let again = enrol(&code, "T1");
    // then only T1's first use gives a token, of 64 hex digits, which the server accepts
    assert_eq!((other.status, other.body["code"].as_str()), (401, Some("bad_code")), "{other:?}");
    assert_eq!(first.status, 200, "{first:?}");
    let token = first.body["token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!((again.status, again.body["code"].as_str()), (401, Some("bad_code")), "{again:?}");
    assert_eq!(shop.call("GET", "/v1/tills/T1/head", Some(token), None).status, 200);
    // and the server keeps only hashes of codes and tokens
    assert_eq!(shop.number(&format!("SELECT count(*) FROM tills WHERE token_hash = '\\x{token}'::bytea")), 0);
}

#[test]
fn pushed_events_read_back_unchanged_with_shop_positions() {
    // given an enrolled till
    let shop = shop!();
    let token = shop.enrolled("T1");
    let events = chain(1, 5, &genesis(), "a");
    // when it pushes five events
    let pushed = shop.push(&token, "T1", &events);
    // then they are stored through 5 at shop positions 1..5, and read back as sent
    assert_eq!(pushed.status, 200, "{pushed:?}");
    assert_eq!(pushed.body, json!({"storedThrough": 5, "shopPosition": 5}));
    let page = shop.call("GET", "/v1/events?after=0", Some(&token), None);
    assert_eq!(page.status, 200, "{page:?}");
    let read: Vec<pos_core::store::EventRow> =
        page.body["events"].as_array().unwrap().iter().map(|e| serde_json::from_value(e["event"].clone()).unwrap()).collect();
    assert_eq!(read, events);
    let positions: Vec<i64> = page.body["events"].as_array().unwrap().iter().map(|e| e["shopPosition"].as_i64().unwrap()).collect();
    assert_eq!(positions, vec![1, 2, 3, 4, 5]);
    assert_eq!(page.body["last"], 5);
    // and the till's head names the last one
    let head = shop.call("GET", "/v1/tills/T1/head", Some(&token), None);
    assert_eq!((head.body["tillSeq"].as_i64(), head.body["hash"].as_str()), (Some(5), Some(events[4].hash.as_str())));
    // and a reader pages with after and limit
    let page = shop.call("GET", "/v1/events?after=2&limit=2", Some(&token), None);
    assert_eq!(page.body["events"].as_array().unwrap().len(), 2);
    assert_eq!(page.body["last"], 4);
}

#[test]
fn a_repeated_push_is_acknowledged_and_stores_nothing_twice() {
    // given five events stored
    let shop = shop!();
    let token = shop.enrolled("T1");
    let events = chain(1, 7, &genesis(), "a");
    assert_eq!(shop.push(&token, "T1", &events[..5]).status, 200);
    // when the same batch comes again, then one overlapping the stored end
    let again = shop.push(&token, "T1", &events[..5]);
    let overlapping = shop.push(&token, "T1", &events[2..7]);
    // then the repeat is acknowledged as it was, and only the two new events are stored
    assert_eq!(again.body, json!({"storedThrough": 5, "shopPosition": 5}), "{again:?}");
    assert_eq!(overlapping.body, json!({"storedThrough": 7, "shopPosition": 7}), "{overlapping:?}");
    assert_eq!(shop.number("SELECT count(*) FROM events"), 7);
    assert_eq!(shop.number("SELECT count(DISTINCT till_seq) FROM events"), 7);
}

#[test]
fn a_gap_asks_for_the_events_from_the_next_position() {
    // given three events stored
    let shop = shop!();
    let token = shop.enrolled("T1");
    let events = chain(1, 8, &genesis(), "a");
    assert_eq!(shop.push(&token, "T1", &events[..3]).status, 200);
    // when the till sends 6..8, skipping 4 and 5
    let gap = shop.push(&token, "T1", &events[5..]);
    // then it is asked to send from 4, and nothing of the batch is stored
    assert_eq!(gap.status, 409);
    assert_eq!((gap.body["code"].as_str(), gap.body["expected"].as_i64()), (Some("gap"), Some(4)), "{gap:?}");
    assert_eq!(shop.number("SELECT count(*) FROM events"), 3);
    // and resending from 4 stores the rest
    assert_eq!(shop.push(&token, "T1", &events[3..]).body["storedThrough"], 8);
}

#[test]
fn a_forked_chain_is_quarantined_and_nothing_of_it_is_merged() {
    // given events 1..3 stored
    let shop = shop!();
    let token = shop.enrolled("T1");
    let events = chain(1, 3, &genesis(), "a");
    assert_eq!(shop.push(&token, "T1", &events).status, 200);
    // when the till sends another event 3 and a 4 after it (a rewritten chain),
    // then a 4 and 5 that do not follow the stored 3
    let fork = chain(3, 2, &events[1].hash, "b");
    let forked = shop.push(&token, "T1", &fork);
    let unlinked = shop.push(&token, "T1", &chain(4, 2, &fork[0].hash, "b"));
    // then both are refused as chain_mismatch, nothing is stored, and both batches are in quarantine
    for reply in [&forked, &unlinked] {
        assert_eq!((reply.status, reply.body["code"].as_str()), (409, Some("chain_mismatch")), "{reply:?}");
    }
    assert_eq!(shop.number("SELECT count(*) FROM events"), 3);
    assert_eq!(shop.number("SELECT max(shop_position) FROM events"), 3);
    let listed = shop.call("GET", "/v1/quarantine", Some(&token), None);
    let batches = listed.body["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 2, "{listed:?}");
    assert_eq!((batches[1]["atSeq"].as_i64(), batches[1]["eventCount"].as_i64()), (Some(3), Some(2)));
    assert_eq!(batches[1]["expectedHash"].as_str(), Some(events[2].hash.as_str()));
    assert_eq!(batches[1]["receivedHash"].as_str(), Some(fork[0].hash.as_str()));
    assert_eq!((batches[0]["atSeq"].as_i64(), batches[0]["expectedHash"].as_str()), (Some(4), Some(events[2].hash.as_str())));
    // and a signed-in manager of the shop sees the same batches
    shop.rt.block_on(pos_server::manager::add(&shop.pool, SHOP, "Mara", "counter top 42")).unwrap();
    let signed_in = shop.call("POST", "/v1/managers/sign-in", None, Some(json!({"shop": SHOP, "name": "Mara", "passphrase": "counter top 42"})));
    let session = signed_in.body["token"].as_str().expect("a session").to_string();
    let seen = shop.call("GET", "/v1/quarantine", Some(&session), None);
    assert_eq!((seen.status, &seen.body["batches"]), (200, &listed.body["batches"]), "{seen:?}");
    // but a session that has ended sees nothing
    let ended = shop.call("GET", "/v1/quarantine", Some("mgr_00"), None);
    assert_eq!((ended.status, ended.body["code"].as_str()), (401, Some("sign_in_required")), "{ended:?}");
}

#[test]
fn an_event_that_does_not_hash_to_its_hash_is_refused() {
    // given an enrolled till and a chain whose second event was changed after hashing
    let shop = shop!();
    let token = shop.enrolled("T1");
    let mut events = chain(1, 3, &genesis(), "a");
    events[1].payload = r#"{"tag":"a","n":2,"amount":"0.01"}"#.into();
    // when it is pushed
    let reply = shop.push(&token, "T1", &events);
    // then it is refused as bad_hash naming position 2, and nothing is stored
    assert_eq!((reply.status, reply.body["code"].as_str()), (422, Some("bad_hash")), "{reply:?}");
    assert!(reply.body["message"].as_str().unwrap().contains('2'));
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
}

#[test]
fn a_till_pushes_and_reads_only_its_own_chain() {
    // given tills T1 and T2 enrolled
    let shop = shop!();
    let t1 = shop.enrolled("T1");
    let _t2 = shop.enrolled("T2");
    // when T1's token pushes as T2 and asks for T2's head
    let push = shop.push(&t1, "T2", &chain(1, 2, &genesis(), "a"));
    let head = shop.call("GET", "/v1/tills/T2/head", Some(&t1), None);
    // then both are refused as wrong_till and nothing is stored
    for reply in [&push, &head] {
        assert_eq!((reply.status, reply.body["code"].as_str()), (403, Some("wrong_till")), "{reply:?}");
    }
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
}

#[test]
fn a_wrong_or_missing_token_is_refused() {
    // given an enrolled till
    let shop = shop!();
    let token = shop.enrolled("T1");
    let wrong = "0".repeat(64);
    // when a wrong token and no token push, read and ask for the head
    let replies = [
        shop.push(&wrong, "T1", &chain(1, 1, &genesis(), "a")),
        shop.call("GET", "/v1/events?after=0", Some(&wrong), None),
        shop.call("GET", "/v1/tills/T1/head", Some(&wrong), None),
        shop.call("GET", "/v1/quarantine", None, None),
        shop.call("POST", "/v1/events", None, Some(json!({"till": "T1", "events": []}))),
    ];
    // then every one is refused as unauthorised, and nothing is stored
    for reply in &replies {
        assert_eq!((reply.status, reply.body["code"].as_str()), (401, Some("unauthorised")), "{reply:?}");
    }
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
    // and the right token still works
    assert_eq!(shop.call("GET", "/v1/tills/T1/head", Some(&token), None).status, 200);
}

#[test]
fn malformed_requests_are_refused_as_data() {
    // given an enrolled till
    let shop = shop!();
    let token = shop.enrolled("T1");
    // when it sends JSON of the wrong shape, too big a batch, and asks for an unknown path
    let shape = shop.call("POST", "/v1/events", Some(&token), Some(json!({"till": "T1", "events": [{"position": "one"}]})));
    let big = shop.push(&token, "T1", &chain(1, pos_server::limits::PUSH_EVENTS_MAX + 1, &genesis(), "a"));
    let limit = shop.call("GET", "/v1/events?after=0&limit=0", Some(&token), None);
    let unknown = shop.call("GET", "/v2/nothing", None, None);
    // then each is a {code, message} with its status
    assert_eq!((shape.status, shape.body["code"].as_str()), (400, Some("invalid_input")), "{shape:?}");
    assert_eq!((big.status, big.body["code"].as_str()), (400, Some("bad_batch")), "{big:?}");
    assert_eq!((limit.status, limit.body["code"].as_str()), (400, Some("invalid_input")), "{limit:?}");
    assert_eq!((unknown.status, unknown.body["code"].as_str()), (404, Some("not_found")), "{unknown:?}");
    assert_eq!(shop.number("SELECT count(*) FROM events"), 0);
}

#[test]
fn tills_pushing_at_once_get_gap_free_shop_positions_that_a_reader_never_skips() {
    const TILLS: usize = 3;
    const BATCHES: usize = 15;
    const PER_BATCH: usize = 7;
    // given three enrolled tills, each with a chain of its own
    let shop = shop!();
    let tokens: Vec<String> = (1..=TILLS).map(|i| shop.enrolled(&format!("T{i}"))).collect();
    let total = (TILLS * BATCHES * PER_BATCH) as i64;
    std::thread::scope(|s| {
        // when they push their batches all at once while a reader polls
        for (i, token) in tokens.iter().enumerate() {
            let shop = &shop;
            s.spawn(move || {
                let till = format!("T{}", i + 1);
                let events = chain(1, BATCHES * PER_BATCH, &genesis(), &till);
                for batch in events.chunks(PER_BATCH) {
                    let reply = shop.push(token, &till, batch);
                    assert_eq!(reply.status, 200, "{reply:?}");
                }
            });
        }
        let shop = &shop;
        let token = &tokens[0];
        s.spawn(move || {
            // then the reader sees positions 1, 2, 3… with none skipped
            let mut last = 0;
            while last < total {
                let page = shop.call("GET", &format!("/v1/events?after={last}"), Some(token), None);
                for event in page.body["events"].as_array().unwrap() {
                    let position = event["shopPosition"].as_i64().unwrap();
                    assert_eq!(position, last + 1, "the reader skipped a position");
                    last = position;
                }
            }
        });
    });
    // and the store holds every event once, at positions 1..=total, each till's in its own order
    assert_eq!(shop.number("SELECT count(*) FROM events"), total);
    assert_eq!(shop.number("SELECT count(DISTINCT shop_position) FROM events"), total);
    assert_eq!(shop.number("SELECT min(shop_position) FROM events"), 1);
    assert_eq!(shop.number("SELECT max(shop_position) FROM events"), total);
    let disordered = "SELECT count(*) FROM events a JOIN events b ON a.till = b.till AND a.till_seq < b.till_seq
                      WHERE a.shop_position > b.shop_position";
    assert_eq!(shop.number(disordered), 0);
}

#[test]
fn a_push_cut_off_half_way_and_sent_again_stores_each_event_once() {
    use std::io::Write;
    // given an enrolled till and its events
    let shop = shop!();
    let token = shop.enrolled("T1");
    let events = chain(1, 50, &genesis(), "a");
    let body = serde_json::to_string(&json!({"till": "T1", "events": events})).unwrap();
    let address = shop.url.trim_start_matches("http://").to_string();
    let request = |body: &str, length: usize| {
        format!("POST /v1/events HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n{body}")
    };
    // when one push hangs up half-way through its body, and another right after sending all of it
    for (text, length) in [(&body[..body.len() / 2], body.len()), (&body[..], body.len())] {
        let mut socket = std::net::TcpStream::connect(&address).unwrap();
        socket.write_all(request(text, length).as_bytes()).unwrap();
        drop(socket);
    }
    // then the till sends it all again and is acknowledged
    let again = shop.push(&token, "T1", &events);
    assert_eq!(again.body["storedThrough"], 50, "{again:?}");
    // and every event is stored exactly once, gap-free
    assert_eq!(shop.number("SELECT count(*) FROM events"), 50);
    assert_eq!(shop.number("SELECT max(shop_position) FROM events"), 50);
}
