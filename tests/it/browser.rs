//! The walk-through in a real browser: Debian's Chromium driven over
//! WebDriver, against a real server on a fresh database.
//!
//! Skipped, with a line saying so, where `chromedriver` is not installed;
//! `.ci/run` installs it and sets `RELIEF_BROWSER_TESTS=required`, so there
//! a missing browser fails the run instead.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use relief::domain::role::Role;
use serde_json::{json, Value};

use crate::distribution::{receive_all, world};
use crate::support::{application_body, spawn_app_on, TestDb, PASSWORD};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

fn browser_available() -> bool {
    let present = Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists();
    if !present {
        if std::env::var("RELIEF_BROWSER_TESTS").as_deref() == Ok("required") {
            panic!("RELIEF_BROWSER_TESTS=required but {CHROMEDRIVER} or {CHROMIUM} is missing");
        }
        // Straight to the terminal: the harness would hide `eprintln!` of
        // a test that passes, and this line must be seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "browser test skipped: {CHROMEDRIVER} or {CHROMIUM} not found \
             (apt-get install chromium chromium-driver)"
        );
    }
    present
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Chromedriver on its own port, killed when the test ends.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn start_driver() -> Driver {
    let port = free_port();
    let mut child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Driver { child, port };
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("chromedriver did not open port {port}");
}

async fn browser(driver: &Driver, profile: &Path) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=360,800", "--lang=ru",
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

fn screenshots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    dir
}

/// A page the browser shows, with helpers that fail the test with the page
/// source when something is missing.
struct Tab {
    client: Client,
    base: String,
    shots: PathBuf,
    backend: &'static str,
}

impl Tab {
    async fn go(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
    }

    /// The whole page at a phone's width, as a PNG to look at.
    async fn shot(&self, name: &str) {
        self.shot_at(name, 360).await;
    }

    async fn shot_at(&self, name: &str, width: u32) {
        self.client
            .set_window_size(width, 800)
            .await
            .expect("resize");
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight", vec![])
            .await
            .expect("page height")
            .as_u64()
            .unwrap_or(800)
            .clamp(400, 8000);
        self.client
            .set_window_size(width, height as u32 + 120)
            .await
            .expect("resize");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(self.shots.join(format!("{}-{name}.png", self.backend)), png)
            .expect("write screenshot");
        self.client.set_window_size(360, 800).await.expect("resize");
    }

    /// Sets a field's value as typing would, through the page's own DOM
    /// (date inputs take ISO dates this way whatever the browser's locale).
    async fn set(&self, id: &str, value: &str) {
        // After a submit the next page may still be loading.
        let _ = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Id(id))
            .await;
        let found = self
            .client
            .execute(
                "const el = document.getElementById(arguments[0]);
                 if (!el) { return false; }
                 el.value = arguments[1];
                 el.dispatchEvent(new Event('change', {bubbles: true}));
                 return true;",
                vec![json!(id), json!(value)],
            )
            .await
            .expect("script");
        assert_eq!(
            found,
            json!(true),
            "no field #{id} on {}",
            self.source().await
        );
    }

    /// The element, once the page has it; the page source if it never does.
    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        let found = self
            .client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(_) => panic!("no {css} on page:\n{}", self.source().await),
        }
    }

    async fn click(&self, css: &str) {
        self.element(css).await.click().await.expect("click");
    }

    async fn text(&self, css: &str) -> String {
        self.element(css).await.text().await.expect("text")
    }

    /// Waits until the element's text holds `needle`: after a click the old
    /// page may still be showing, with the same ids.
    async fn wait_text(&self, css: &str, needle: &str) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "{css} never showed {needle:?}; last: {last:?}\n{}",
            self.source().await
        );
    }

    /// Waits until the browser is at `path`.
    async fn wait_path(&self, path: &str) {
        for _ in 0..100 {
            if self.path().await == path {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("never reached {path}; at {}", self.path().await);
    }

    async fn source(&self) -> String {
        self.client.source().await.unwrap_or_default()
    }

    async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("url")
            .path()
            .to_owned()
    }

    /// `fetch` from inside the page, with the page's cookies: what a link or
    /// a script of this origin would get. Answers `[status, type, first bytes]`.
    async fn fetch(&self, method: &str, path: &str, body: &str) -> Value {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const init = {method: arguments[0], credentials: 'same-origin'};
                 if (arguments[0] === 'POST') {
                   init.body = arguments[2];
                   init.headers = {'Content-Type': 'application/x-www-form-urlencoded'};
                 }
                 fetch(arguments[1], init).then(r => r.arrayBuffer().then(b => done([
                   r.status, r.headers.get('content-type') || '',
                   new TextDecoder().decode(new Uint8Array(b).slice(0, 5))
                 ]))).catch(e => done([0, String(e), '']));",
                vec![json!(method), json!(path), json!(body)],
            )
            .await
            .expect("fetch in page")
    }

    async fn sign_in(&self, login: &str, password: &str) {
        self.go("/login").await;
        self.set("f-login", login).await;
        self.set("f-password", password).await;
        self.click("form[action='/login'] button[type=submit]")
            .await;
        // Signed in once the page has the sign-out button.
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("form[action='/logout']"))
            .await
            .unwrap_or_else(|_| panic!("{login} could not sign in"));
    }

    async fn sign_out(&self) {
        self.go("/").await;
        self.click("form[action='/logout'] button").await;
        self.wait_path("/login").await;
    }
}

async fn serve(state: relief::AppState) -> String {
    let server = actix_web::HttpServer::new(move || relief::build_app(state.clone()))
        .workers(2)
        .bind(("127.0.0.1", 0))
        .expect("bind");
    let port = server.addrs()[0].port();
    actix_web::rt::spawn(server.run());
    format!("http://127.0.0.1:{port}")
}

#[actix_web::test]
async fn a_resident_an_officer_and_a_keeper_walk_an_application_through_in_chromium() {
    if !browser_available() {
        return;
    }
    let db = std::rc::Rc::new(TestDb::new());
    let backend = if db.url.starts_with("postgres") {
        "postgres"
    } else {
        "sqlite"
    };
    let app = spawn_app_on(db.clone()).await;
    let world = world(&app, 1).await;
    receive_all(&app, &world, ["1000", "1000", "1000", "1000"]).await;
    // Another resident's application, which ours must not be able to open.
    let (_, stranger) = app.user_with_token("stranger", Role::Resident).await;
    let foreign = app.file(&application_body(world.event_id), &stranger).await;
    let foreign_id = foreign.body["id"].as_i64().expect("foreign application");

    let base = serve(app.state.clone()).await;
    let driver = start_driver().await;
    let profile = tempfile::tempdir().expect("profile dir");
    let tab = Tab {
        client: browser(&driver, profile.path()).await,
        base,
        shots: screenshots_dir(),
        backend,
    };

    // --- The resident registers and files for a household of three.
    tab.go("/login").await;
    tab.shot("01-login").await;
    tab.go("/register").await;
    tab.set("f-full_name", "Смирнова Ольга Викторовна").await;
    tab.set("f-phone", "8 (914) 555-01-02").await;
    tab.set("f-login", "smirnova").await;
    tab.set("f-password", PASSWORD).await;
    tab.shot("02-register").await;
    tab.click("form[action='/register'] button[type=submit]")
        .await;
    tab.wait_path("/applications/new").await;

    tab.set("f-applicant_phone", "8 (914) 555-01-02").await;
    tab.set(
        "f-postal_address",
        "г. Благовещенск, ул. Заводская, д. 4, кв. 1",
    )
    .await;
    tab.set("f-property_address", "СНТ «Берёзка», участок 17")
        .await;
    tab.set("f-plot_area_sotka", "6,5").await;
    tab.set("f-crops_lost", "картофель\nкапуста").await;
    tab.set("f-description", "Участок затоплен, урожай погиб полностью")
        .await;
    tab.click("#f-consent_personal_data").await;
    // Under the pages' Content-Security-Policy the script and the stylesheet
    // still load: the script marks the page, and the sheet's rules apply.
    let loaded = tab
        .client
        .execute(
            "return [document.documentElement.classList.contains('js'),
                     document.styleSheets.length > 0
                       && document.styleSheets[0].cssRules.length > 0];",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(
        loaded,
        json!([true, true]),
        "script and styles under the CSP"
    );
    // The script adds two more member rows without a round trip.
    tab.click("button[data-add-row]").await;
    tab.click("button[data-add-row]").await;
    let members = [
        (
            "Смирнова",
            "Ольга",
            "1980-04-12",
            "applicant",
            "passport_rf",
            "10 05",
            "112-233-445 96",
        ),
        (
            "Смирнов",
            "Игорь",
            "1978-09-30",
            "spouse",
            "passport_rf",
            "10 06",
            "",
        ),
        (
            "Смирнова",
            "Анна",
            "2015-06-01",
            "child",
            "birth_certificate",
            "III-ОТ",
            "",
        ),
    ];
    for (i, (last, first, born, relation, document, series, snils)) in members.iter().enumerate() {
        let id = |field: &str| format!("f-members-{i}-{field}");
        tab.set(&id("last_name"), last).await;
        tab.set(&id("first_name"), first).await;
        tab.set(&id("birth_date"), born).await;
        tab.set(&id("relationship"), relation).await;
        tab.set(&id("document-type"), document).await;
        tab.set(&id("document-series"), series).await;
        tab.set(&id("document-number"), &format!("12345{i}")).await;
        tab.set(&id("document-issued_on"), "2016-01-15").await;
        if *document == "passport_rf" {
            tab.set(&id("document-issued_by"), "УМВД России по Амурской области")
                .await;
            tab.set(&id("document-subdivision_code"), "280-001").await;
        }
        tab.set(&id("snils"), snils).await;
        tab.click(&format!("#{}", id("registered_at_property")))
            .await;
        tab.click(&format!("#{}", id("lives_at_property"))).await;
    }
    tab.click("form[action='/applications/new'] div.actions:last-of-type button[type=submit]")
        .await;

    // A bad SNILS: the Russian message next to the field, the typing kept.
    let error = tab.text("#f-members-0-snils-error").await;
    assert!(
        error.contains("СНИЛС"),
        "error next to the SNILS field: {error}"
    );
    let kept = tab
        .client
        .execute(
            "return document.getElementById('f-members-2-first_name').value",
            vec![],
        )
        .await
        .expect("script");
    assert_eq!(kept, json!("Анна"), "what was typed is kept");
    tab.shot("03-application-errors").await;
    tab.set("f-members-0-snils", "112-233-445 95").await;
    tab.click("form[action='/applications/new'] div.actions:last-of-type button[type=submit]")
        .await;
    let number = tab.text("#registration-number").await;
    assert!(!number.is_empty(), "a registration number is shown");
    let application_path = tab.path().await;
    assert_eq!(
        tab.client
            .find_all(Locator::Css("#members tbody tr"))
            .await
            .expect("rows")
            .len(),
        3
    );
    tab.shot("04-application-filed").await;

    // The receipt downloads with the session cookie.
    let receipt = tab
        .fetch("GET", &format!("{application_path}/receipt.pdf"), "")
        .await;
    assert_eq!(receipt, json!([200, "application/pdf", "%PDF-"]));

    // A form posted without its CSRF token is refused, cookie or not.
    let forged = tab.fetch("POST", "/logout", "").await;
    assert_eq!(forged[0], json!(403));
    assert_eq!(
        tab.fetch("GET", "/applications", "").await[0],
        json!(200),
        "still signed in"
    );

    // Another resident's application is not there for this one.
    tab.go(&format!("/applications/{foreign_id}")).await;
    assert_eq!(tab.text("h1").await, "Страница не найдена");
    assert_eq!(
        tab.fetch("GET", &format!("/applications/{foreign_id}"), "")
            .await[0],
        json!(404)
    );
    tab.sign_out().await;

    // --- The officer finds it, inspects and decides.
    tab.sign_in("officer", PASSWORD).await;
    tab.go(&format!("/applications?q={number}")).await;
    tab.shot("05-worklist").await;
    tab.shot_at("05-worklist-desktop", 1280).await;
    tab.click(&format!("a[href='{application_path}']")).await;
    // The stranger's application shares the applicant's SNILS: the match
    // sits beside the record, and the officer rules it out.
    let matched = tab.text("#duplicates").await;
    assert!(matched.contains("совпадает СНИЛС"), "{matched}");
    let comment = tab
        .client
        .execute(
            "return document.querySelector('#duplicates input[type=text]').id",
            vec![],
        )
        .await
        .expect("the comment field");
    tab.set(
        comment.as_str().unwrap_or_default(),
        "Разные люди, ошибка в СНИЛС у другого заявителя",
    )
    .await;
    tab.click("#duplicates button[value=dismissed]").await;
    tab.wait_text("#duplicates", "не подтвердилось").await;
    tab.set(
        "f-scheduled_on",
        &chrono::Utc::now().date_naive().to_string(),
    )
    .await;
    tab.set("f-inspectors", "Петрова А. А.\nСидоров Б. Б.")
        .await;
    tab.click("#schedule button[type=submit]").await;
    tab.set("f-act_number", "А-17").await;
    tab.set("f-outcome", "loss_confirmed").await;
    tab.set("f-loss_extent_found", "full").await;
    tab.click("#inspection button[type=submit]").await;
    tab.set("f-protocol_number", "П-3").await;
    tab.shot("06-decision-form").await;
    tab.click("#decision button[type=submit]").await;
    tab.wait_text("#status", "решение принято").await;

    // A list for the warehouse, approved.
    tab.go("/lists").await;
    let today = chrono::Utc::now().date_naive();
    tab.set("f-pickup_from", &today.to_string()).await;
    tab.set(
        "f-pickup_until",
        &(today + chrono::Duration::days(7)).to_string(),
    )
    .await;
    tab.click("form[action='/lists'] button[type=submit]").await;
    tab.click("form[action$='/approve'] button").await;
    tab.wait_text("p.notice.ok", "Список утверждён").await;
    let list_path = tab.path().await;
    tab.go("/report").await;
    let summary = tab.text("#summary").await;
    assert!(
        summary.contains("заявлени"),
        "the report's paragraph: {summary}"
    );
    tab.shot("10-report").await;
    tab.sign_out().await;

    // --- The keeper issues the row.
    // The keeper's password is the one `storekeeper` gave.
    tab.sign_in("keeper", "склад-пароль-1").await;
    tab.go("/stock").await;
    tab.set("f-quantity_kg", "100,5").await;
    tab.set(
        "f-received_on",
        &chrono::Utc::now().date_naive().to_string(),
    )
    .await;
    tab.set("f-supplier", "КФХ «Амурское»").await;
    tab.set("f-document_number", "ТН-42").await;
    tab.click("form[action$='/receipts'] button[type=submit]")
        .await;
    tab.wait_text("#stock", "1 100,5").await;
    tab.shot("07-stock").await;
    tab.go(&format!("{list_path}?q={number}")).await;
    tab.shot("08-list").await;
    tab.shot_at("08-list-desktop", 1280).await;
    tab.click("#rows form.inline button[type=submit]").await;
    tab.wait_text("#rows tbody tr td:last-child", "Выдано")
        .await;
    tab.sign_out().await;

    // --- The resident sees it was issued.
    tab.sign_in("smirnova", PASSWORD).await;
    assert_eq!(tab.path().await, "/applications");
    let card = tab.text("main").await;
    assert!(card.contains(&number) && card.contains("Выдано"), "{card}");
    tab.shot("09-my-applications").await;
    tab.sign_out().await;

    // --- The administrator's pages.
    tab.sign_in("admin-blg2020", PASSWORD).await;
    tab.go("/admin/events").await;
    assert!(tab.text("main").await.contains("Нормы выдачи"));
    tab.shot("11-admin-events").await;
    tab.go("/admin/users").await;
    assert!(tab.text("main").await.contains("smirnova"));
    tab.shot("12-admin-users").await;
    tab.client.close().await.expect("close the browser");
    drop(world);
}
