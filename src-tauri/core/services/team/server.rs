//! The workspace's server schema: SQL migrations shipped with the app (`server/NNNN_*.sql`), applied by the
//! admin's `team init` in one transaction, and the version check every connection makes. A desktop talks to
//! a workspace only when both run the same server schema.

use tokio_postgres::Client;

use super::conn::map_err;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::sync::registry::SYNCED;

const MIGRATIONS: &[(i32, &str)] = &[
    (1, include_str!("server/0001_workspace.sql")),
    (2, include_str!("server/0002_keyed_records.sql")),
    (3, include_str!("server/0003_service_desk_orders.sql")),
    (4, include_str!("server/0004_campaigns.sql")),
    (5, include_str!("server/0005_member_records.sql")),
];

/// The server schema this build speaks.
pub const SCHEMA: i32 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The team roles and the PostgreSQL group role each one is.
pub const ROLES: &[(&str, &str)] = &[
    ("admin", "relata_team_admin"),
    ("manager", "relata_team_manager"),
    ("sales", "relata_team_sales"),
    ("support", "relata_team_support"),
    ("readonly", "relata_team_readonly"),
];

pub fn group_role(role: &str) -> AppResult<&'static str> {
    ROLES.iter().find(|(r, _)| *r == role).map(|(_, g)| *g).ok_or_else(|| {
        AppError::field(ErrorCode::InvalidValue, "role", "the role must be admin, manager, sales, support or readonly")
    })
}

/// The workspace's schema version, or None where there is no workspace yet.
async fn version(client: &Client) -> AppResult<Option<i32>> {
    let exists: bool =
        client.query_one("SELECT to_regclass('relata_meta') IS NOT NULL", &[]).await.map_err(map_err)?.get(0);
    if !exists {
        return Ok(None);
    }
    let row =
        client.query_opt("SELECT value FROM relata_meta WHERE key = 'schema_version'", &[]).await.map_err(map_err)?;
    Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()))
}

/// Refuses a workspace whose schema is not this build's (older or newer), with what to do about it.
pub async fn check(client: &Client) -> AppResult<()> {
    match version(client).await? {
        Some(v) if v == SCHEMA => Ok(()),
        Some(v) if v > SCHEMA => Err(AppError::new(
            ErrorCode::SchemaMismatch,
            format!("the workspace runs schema {v}, this Relata knows {SCHEMA}: update Relata"),
        )),
        Some(v) => Err(AppError::new(
            ErrorCode::SchemaMismatch,
            format!("the workspace runs schema {v}, this Relata needs {SCHEMA}: the admin runs `relata team init` to upgrade it"),
        )),
        None => Err(AppError::new(
            ErrorCode::SchemaMismatch,
            "there is no Relata workspace in this database: the admin creates it with `relata team init`",
        )),
    }
}

/// Creates or upgrades the workspace (as its admin) and registers this build's synced tables.
pub async fn migrate(client: &mut Client) -> AppResult<()> {
    let current = version(client).await?.unwrap_or(0);
    if current > SCHEMA {
        return check(client).await;
    }
    let tx = client.transaction().await.map_err(map_err)?;
    for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.batch_execute(sql).await.map_err(|e| {
            let why = e.as_db_error().map(|d| d.message().to_string()).unwrap_or_else(|| e.to_string());
            AppError::new(ErrorCode::RemoteRejected, format!("server migration {v} failed: {why}"))
        })?;
    }
    tx.execute(
        "INSERT INTO relata_meta (key, value) VALUES ('schema_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        &[&SCHEMA.to_string()],
    )
    .await
    .map_err(map_err)?;
    for t in SYNCED {
        let parent_table = t.parent.and_then(|p| t.reference(p));
        tx.execute(
            "INSERT INTO relata_tables (tbl, owner_field, parent_field, parent_table, shared, number_field)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (tbl) DO UPDATE SET owner_field = EXCLUDED.owner_field, parent_field = EXCLUDED.parent_field,
               parent_table = EXCLUDED.parent_table, shared = EXCLUDED.shared, number_field = EXCLUDED.number_field",
            &[&t.name, &t.owner, &t.parent, &parent_table, &t.shared, &t.numbered],
        )
        .await
        .map_err(map_err)?;
    }
    tx.commit().await.map_err(map_err)
}

/// The calling user's team role, from their group role membership.
pub async fn role_of(client: &Client) -> AppResult<String> {
    let role: Option<String> = client.query_one("SELECT relata_role()", &[]).await.map_err(map_err)?.get(0);
    role.ok_or_else(|| AppError::new(ErrorCode::PermissionDenied, "this user has no role in the workspace"))
}

/// Creates a team user (as the admin) with a SCRAM verifier computed here: the password never reaches the
/// server, its log or a statement.
pub async fn create_user(client: &Client, user: &str, role: &str, password: &str) -> AppResult<()> {
    let group = group_role(role)?;
    if user.is_empty() || user.len() > 63 {
        return Err(AppError::field(ErrorCode::InvalidValue, "user", "a user name has 1 to 63 characters"));
    }
    let verifier = postgres_protocol::password::scram_sha_256(password.as_bytes());
    let sql: String = client
        .query_one(
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', $1::text, $2::text, $3::text)",
            &[&user, &verifier, &group],
        )
        .await
        .map_err(map_err)?
        .get(0);
    client.batch_execute(&sql).await.map_err(map_err)
}
