//! The latency bound's clock: a frame reports how long ago it took its first record, and nothing
//! else about it changes.
use std::thread::sleep;
use std::time::Duration;

use fitflate::{Format, FrameBuilder, Push, PushError};

#[test]
fn the_age_starts_at_the_first_record_and_ends_with_the_frame() {
    let builder = FrameBuilder::new(64).format(Format::Zlib);
    let mut frame = builder.build().unwrap();
    assert_eq!(frame.first_record_age(), None);
    // A record that fits no frame starts no clock.
    let big: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert!(matches!(
        frame.push(&big),
        Err(PushError::RecordTooLarge { .. })
    ));
    assert_eq!(frame.first_record_age(), None);
    assert_eq!(frame.push(b"first").unwrap(), Push::Accepted);
    let early = frame.first_record_age().unwrap();
    sleep(Duration::from_millis(30));
    assert_eq!(frame.push(b"second").unwrap(), Push::Accepted);
    let later = frame.first_record_age().unwrap();
    assert!(
        later >= early + Duration::from_millis(30),
        "{early:?} then {later:?}"
    );
    // Full refusals leave it as it was; a new frame starts without one.
    let mut n = 0;
    while frame.push(b"more records until the frame is full").unwrap() == Push::Accepted {
        n += 1;
    }
    assert!(n > 0 && frame.first_record_age().unwrap() >= later);
    let bytes = frame.finish_and_reset();
    assert_eq!(frame.first_record_age(), None);
    // The clock never reaches the bytes: a frame pushed the same records later is identical.
    let mut again = builder.build().unwrap();
    for r in [&b"first"[..], b"second"] {
        again.push(r).unwrap();
    }
    for _ in 0..n {
        again.push(b"more records until the frame is full").unwrap();
    }
    assert_eq!(again.finish(), bytes);
}
