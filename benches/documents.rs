//! Time to draw the printed documents in-process, on synthetic data shaped
//! like the 2020 event: a distribution sheet of 633 rows covering 1815
//! persons and the list of 1815 victims, then the victims list of an event
//! of `LARGE` persons (180,000 by default). The over-HTTP figures come from
//! `benches/documents.sh`, which fetches the same documents from a server.
//!
//! `cargo bench --bench documents` (set `LARGE=0` to skip the large list).

// A benchmark is a measurement run by hand: it stops at its first failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use chrono::NaiveDate;
use relief::print::sheet::{Issued, Sheet, SheetItem, SheetRow};
use relief::print::victims::{VictimLine, VictimsList};

const LAST: [&str; 8] = [
    "Иванова",
    "Кузнецов",
    "Смирнова",
    "Попов",
    "Васильева",
    "Петров",
    "Соколова",
    "Михайлов",
];
const FIRST: [&str; 6] = ["Анна", "Сергей", "Мария", "Алексей", "Елена", "Дмитрий"];
const PATRONYMIC: [&str; 5] = [
    "Петровна",
    "Иванович",
    "Сергеевна",
    "Алексеевич",
    "Викторовна",
];
const STREETS: [&str; 5] = ["Зейская", "Амурская", "Чигиринская", "Тенистая", "Калинина"];

fn name(i: usize) -> String {
    format!(
        "{} {} {}",
        LAST[i % LAST.len()],
        FIRST[(i / 3) % FIRST.len()],
        PATRONYMIC[(i / 7) % PATRONYMIC.len()]
    )
}

fn address(i: usize) -> String {
    format!(
        "г. Благовещенск, ул. {}, д. {}, кв. {}",
        STREETS[i % STREETS.len()],
        i % 200 + 1,
        i % 90 + 1
    )
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 10, d).expect("date")
}

fn sheet() -> Sheet {
    // 633 households, 1815 persons: 549 of three and 84 of two.
    let rows = (0..633)
        .map(|i| {
            let persons: i64 = if i < 549 { 3 } else { 2 };
            SheetRow {
                registration_number: format!("BLG-2020-{:05}", i + 1),
                recipient: name(i),
                address: address(i),
                persons,
                grams: vec![
                    50_000 * persons,
                    20_000 * persons,
                    10_000 * persons,
                    10_000 * persons,
                ],
                issued: (i % 2 == 0).then(|| Issued {
                    on: day(20),
                    proxy: (i % 10 == 0).then(|| name(i + 1)),
                }),
            }
        })
        .collect();
    let item = |n: &str| SheetItem { name: n.to_owned() };
    Sheet {
        municipality: "Администрация города Благовещенска".to_owned(),
        event_title: "Подтопление 18.08.2020".to_owned(),
        number: 1,
        approved: true,
        warehouse_name: "База № 1".to_owned(),
        warehouse_address: "ул. Пограничная, 124".to_owned(),
        opening_hours: "пн–пт 9:00–17:00".to_owned(),
        pickup_from: day(1),
        pickup_until: day(31),
        items: vec![
            item("Картофель"),
            item("Капуста"),
            item("Морковь"),
            item("Свёкла"),
        ],
        rows,
    }
}

fn victims(persons: usize) -> VictimsList {
    VictimsList {
        municipality: "Администрация города Благовещенска".to_owned(),
        event_title: "Подтопление 18.08.2020".to_owned(),
        norm: "картофель 50 кг, капуста 20 кг, морковь 10 кг, свёкла 10 кг".to_owned(),
        lines: (0..persons)
            .map(|i| VictimLine {
                full_name: name(i),
                birth_date: NaiveDate::from_ymd_opt(
                    1950 + (i % 60) as i32,
                    1 + (i % 12) as u32,
                    1 + (i % 28) as u32,
                )
                .expect("date"),
                registration_address: address(i / 3),
                registration_number: format!("BLG-2020-{:05}", i / 3 + 1),
                aid_grams: 90_000,
            })
            .collect(),
    }
}

/// Best and median of `runs` timings, in milliseconds, and the file size.
fn time(runs: usize, mut render: impl FnMut() -> Vec<u8>) -> (f64, f64, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let bytes = render();
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        size = bytes.len();
    }
    times.sort_by(f64::total_cmp);
    (times[0], times[runs / 2], size)
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    // The fonts are parsed once per process; keep that out of the figures.
    let _ = relief::print::fonts::fonts();
    let sheet = sheet();
    let (best, median, size) = time(15, || sheet.render().expect("sheet"));
    println!(
        "sheet, 633 rows / 1815 persons: best {best:.1} ms, median {median:.1} ms, {size} bytes"
    );
    let list = victims(1815);
    let (best, median, size) = time(15, || list.render().expect("victims"));
    println!("victims list, 1815 persons: best {best:.1} ms, median {median:.1} ms, {size} bytes");

    let large: usize = std::env::var("LARGE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(180_000);
    if large > 0 {
        let before = peak_rss_kib();
        let list = victims(large);
        let (best, _, size) = time(1, || list.render().expect("victims"));
        println!(
            "victims list, {large} persons: {best:.0} ms, {size} bytes, peak RSS {} MiB (before: {} MiB)",
            peak_rss_kib() / 1024,
            before / 1024
        );
    }
}
