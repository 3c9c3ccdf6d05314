//! Shared fixtures for the team tests against a real PostgreSQL (`.ci/with-postgres.sh` starts one and sets
//! RELATA_TEST_PG_*). Without it these tests fail, never skip. Each test gets a database of its own, and user
//! names of its own (roles are cluster-wide).

use std::sync::atomic::{AtomicU32, Ordering};

use relata_core::secrets::MemorySecrets;
use relata_core::services::team;
use relata_core::store::sync::outbox;
use tokio_postgres::{Client, NoTls};

use super::support::{env, Env};

pub struct Pg {
    pub host: String,
    pub port: String,
    pub admin: String,
    pub password: String,
}

pub fn pg() -> Pg {
    let var = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| {
            panic!(
                "{name} is not set: the team sync tests need a real PostgreSQL; run them under \
                 `bash .ci/with-postgres.sh cargo test ...`"
            )
        })
    };
    Pg {
        host: var("RELATA_TEST_PG_HOST"),
        port: var("RELATA_TEST_PG_PORT"),
        admin: var("RELATA_TEST_PG_USER"),
        password: var("RELATA_TEST_PG_PASSWORD"),
    }
}

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A name unique to this process and call (databases and roles).
pub fn unique(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

impl Pg {
    pub fn url(&self, user: Option<&str>, db: &str) -> String {
        let user = user.map(|u| format!("{u}@")).unwrap_or_default();
        format!("postgres://{user}{}:{}/{db}", self.host, self.port)
    }

    /// A raw connection as `user` (hand-written SQL, as a user could type it in psql).
    pub async fn raw(&self, db: &str, user: &str, password: &str) -> Client {
        let conn = format!("host={} port={} user={user} password={password} dbname={db}", self.host, self.port);
        let (client, connection) = tokio_postgres::connect(&conn, NoTls).await.expect("raw connection");
        tokio::spawn(connection);
        client
    }

    /// A fresh database for one test.
    pub async fn database(&self) -> String {
        let db = unique("ws");
        let admin = self.raw("relata_test", &self.admin, &self.password).await;
        admin.batch_execute(&format!("CREATE DATABASE {db}")).await.expect("create database");
        db
    }

    /// A workspace as an older build's `team init` left it: the server migrations up to `version`. A desktop
    /// of this build that joins it is refused and told to run `team init`. Returns the admin's raw connection.
    pub async fn older_workspace(&self, db: &str, version: usize) -> Client {
        let admin_raw = self.raw(db, &self.admin, &self.password).await;
        for sql in &SERVER_MIGRATIONS[..version] {
            admin_raw.batch_execute(sql).await.unwrap();
        }
        let meta = format!("INSERT INTO relata_meta VALUES ('schema_version', '{version}')");
        admin_raw.batch_execute(&meta).await.unwrap();
        let d = desk();
        let err = team::join(&d.env.store, &d.secrets, &self.url(None, db), &self.admin, &self.password)
            .await
            .expect_err("an older workspace");
        assert_eq!(err.code, relata_core::error::ErrorCode::SchemaMismatch);
        assert!(err.message.contains("team init"), "{}", err.message);
        admin_raw
    }
}

const SERVER_MIGRATIONS: [&str; 4] = [
    include_str!("../../src-tauri/core/services/team/server/0001_workspace.sql"),
    include_str!("../../src-tauri/core/services/team/server/0002_keyed_records.sql"),
    include_str!("../../src-tauri/core/services/team/server/0003_service_desk_orders.sql"),
    include_str!("../../src-tauri/core/services/team/server/0004_campaigns.sql"),
];

/// One desktop: its own store and keyring.
pub struct Desk {
    pub env: Env,
    pub secrets: MemorySecrets,
}

pub fn desk() -> Desk {
    Desk { env: env(), secrets: MemorySecrets::new() }
}

impl Desk {
    pub async fn sync(&self) -> team::SyncReport {
        team::sync_once(&self.env.store, &self.secrets).await.expect("sync")
    }

    pub fn pending(&self) -> i64 {
        self.env.store.read(outbox::pending_count).unwrap()
    }

    /// The local id of the row with this global id, if this desktop has it.
    pub fn local_id(&self, table: &str, gid: &str) -> Option<i64> {
        use rusqlite::OptionalExtension;
        self.env
            .raw()
            .query_row(&format!("SELECT id FROM {table} WHERE gid = ?1"), [gid], |r| r.get(0))
            .optional()
            .unwrap()
    }

    pub fn gid(&self, table: &str, id: i64) -> String {
        self.env.raw().query_row(&format!("SELECT gid FROM {table} WHERE id = ?1"), [id], |r| r.get(0)).unwrap()
    }
}

/// A workspace in a fresh database with `admin` (the cluster's admin) on its own desktop.
pub async fn workspace(pg: &Pg) -> (String, Desk) {
    workspace_on(pg, desk()).await
}

/// A workspace in a fresh database with `admin` (the cluster's admin) on the given desktop.
pub async fn workspace_on(pg: &Pg, admin: Desk) -> (String, Desk) {
    let db = pg.database().await;
    team::init(&admin.env.store, &admin.secrets, &pg.url(Some(&pg.admin), &db), &pg.password).await.expect("team init");
    (db, admin)
}

/// Invites a new user with `role` from the admin's desktop and joins them on a desktop of their own.
pub async fn member(pg: &Pg, db: &str, admin: &Desk, role: &str) -> (String, Desk) {
    member_on(pg, db, admin, role, desk()).await
}

/// Invites a new user with `role` from the admin's desktop and joins them on the given desktop.
pub async fn member_on(pg: &Pg, db: &str, admin: &Desk, role: &str, d: Desk) -> (String, Desk) {
    let user = unique(role);
    let password = format!("pw-{user}");
    let invite = team::invite(&admin.env.store, &admin.secrets, &user, role, &password).await.expect("invite");
    assert!(invite.join.contains(&user) && !invite.join.contains(&password), "{}", invite.join);
    team::join(&d.env.store, &d.secrets, &pg.url(None, db), &user, &password).await.expect("join");
    (user, d)
}
