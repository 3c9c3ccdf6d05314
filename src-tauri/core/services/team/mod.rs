//! Team workspaces on PostgreSQL (docs/team-sync.md): create one (admin), invite a user, join, sync, look at
//! conflicts, leave. Each user connects as their own PostgreSQL role; the password lives only in the OS
//! keyring (`SecretStore`). The local store keeps working whatever the workspace does: every failure here is
//! an error for the caller and a `last_error` in the status, never a broken store.

pub mod conn;
mod derived;
pub mod job;
pub mod server;
pub mod sync;
pub mod views;

use serde::Serialize;

use crate::clock::Millis;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::secrets::SecretStore;
use crate::store::sync::outbox;
use crate::store::Store;
pub use sync::{Refusal, SyncReport};

/// What `team status` shows.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TeamStatus {
    pub joined: bool,
    pub url: Option<String>,
    pub user: Option<String>,
    pub role: Option<String>,
    /// Local field changes not pushed yet.
    pub pending: i64,
    pub last_push: Option<Millis>,
    pub last_pull: Option<Millis>,
    pub conflicts: i64,
    /// The last failed pass's message (English, for the CLI and the log) and its code (for the UI).
    pub last_error: Option<String>,
    pub last_error_code: Option<ErrorCode>,
}

/// A same-field edit that lost, with the value that beat it.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub id: i64,
    pub table: String,
    pub gid: String,
    pub field: String,
    pub lost_value: serde_json::Value,
    pub won_value: serde_json::Value,
    pub lost_node: String,
    pub won_node: String,
    pub pushed_by: String,
}

/// What an admin hands the new user (never their password).
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct Invite {
    pub user: String,
    pub role: String,
    pub join: String,
}

fn secret_name(url: &str, user: &str) -> String {
    format!("team:{user}@{url}")
}

/// The URL without a user part (`postgres://admin@host/db` -> `postgres://host/db`).
fn without_user(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) =
                rest.split_once('/').map(|(a, p)| (a, format!("/{p}"))).unwrap_or((rest, String::new()));
            let host = authority.rsplit_once('@').map(|(_, h)| h).unwrap_or(authority);
            format!("{scheme}://{host}{path}")
        }
        None => url.to_string(),
    }
}

pub fn status(store: &Store) -> AppResult<TeamStatus> {
    let s = store.read(outbox::state)?;
    let pending = store.read(outbox::pending_count)?;
    Ok(TeamStatus {
        joined: s.url.is_some(),
        url: s.url,
        user: s.user,
        role: s.role,
        pending,
        last_push: s.last_push_at,
        last_pull: s.last_pull_at,
        conflicts: s.conflicts,
        last_error_code: s.last_error.as_ref().map(|e| e.code),
        last_error: s.last_error.map(|e| e.message),
    })
}

/// Creates (or upgrades) the workspace at `url` as its admin (the URL's user) and makes this desktop the
/// admin's: what it holds is queued for the first push.
pub async fn init(store: &Store, secrets: &dyn SecretStore, url: &str, password: &str) -> AppResult<TeamStatus> {
    let addr = conn::parse(url)?;
    let user = addr
        .user()
        .ok_or_else(|| {
            AppError::field(ErrorCode::Required, "url", "name the admin in the URL: postgres://ADMIN@host/db")
        })?
        .to_string();
    let mut client = conn::connect(&addr, &user, password).await?;
    server::migrate(&mut client).await?;
    let role = server::role_of(&client).await?;
    if role != "admin" {
        return Err(AppError::new(ErrorCode::PermissionDenied, "only a workspace admin can create the workspace"));
    }
    let url = without_user(url);
    enter(store, secrets, &url, &user, &role, password)
}

/// Creates a team user with a role; the admin's desktop prints the join string (the password is theirs).
pub async fn invite(
    store: &Store,
    secrets: &dyn SecretStore,
    user: &str,
    role: &str,
    password: &str,
) -> AppResult<Invite> {
    server::group_role(role)?;
    let client = connect(store, secrets).await?;
    server::create_user(&client, user, role, password).await?;
    let url = store.read(outbox::state)?.url.unwrap_or_default();
    Ok(Invite { user: user.into(), role: role.into(), join: format!("relata team join --url {url} --user {user}") })
}

/// The workspace URL and user named by a join string (`relata team join --url URL --user U`, as `invite`
/// prints it; the options in any order).
pub fn parse_join(join: &str) -> AppResult<(String, String)> {
    let words: Vec<&str> = join.split_whitespace().collect();
    let option = |name: &str| words.windows(2).find(|w| w[0] == name).map(|w| w[1].to_string());
    match (option("--url"), option("--user")) {
        (Some(url), Some(user)) => Ok((url, user)),
        _ => Err(AppError::field(
            ErrorCode::InvalidValue,
            "join",
            "a join string names the workspace and the user: relata team join --url URL --user NAME",
        )),
    }
}

/// Joins the workspace at `url` as `user`: checks the login and the schema, keeps the password in the
/// keyring and queues what this desktop holds for the first push.
pub async fn join(
    store: &Store,
    secrets: &dyn SecretStore,
    url: &str,
    user: &str,
    password: &str,
) -> AppResult<TeamStatus> {
    let addr = conn::parse(url)?;
    let client = conn::connect(&addr, user, password).await?;
    server::check(&client).await?;
    let role = server::role_of(&client).await?;
    enter(store, secrets, &without_user(url), user, &role, password)
}

fn enter(
    store: &Store,
    secrets: &dyn SecretStore,
    url: &str,
    user: &str,
    role: &str,
    password: &str,
) -> AppResult<TeamStatus> {
    secrets.set(&secret_name(url, user), password.as_bytes())?;
    let now = store.clock().now_ms();
    store.write(|tx| {
        outbox::set_workspace(tx, url, user, role)?;
        outbox::start_capture(tx, now)
    })?;
    status(store)
}

/// A connection as this desktop's user, with the schema checked.
async fn connect(store: &Store, secrets: &dyn SecretStore) -> AppResult<tokio_postgres::Client> {
    let s = store.read(outbox::state)?;
    let (Some(url), Some(user)) = (s.url, s.user) else {
        return Err(AppError::new(ErrorCode::NotFound, "this desktop is not in a team workspace: join one first"));
    };
    let password = secrets
        .get(&secret_name(&url, &user))?
        .ok_or_else(|| AppError::new(ErrorCode::Login, "the workspace password is not in the keyring: join again"))?;
    let password = String::from_utf8(password)
        .map_err(|_| AppError::new(ErrorCode::Login, "the stored workspace password is damaged: join again"))?;
    let client = conn::connect(&conn::parse(&url)?, &user, &password).await?;
    server::check(&client).await?;
    Ok(client)
}

/// One sync pass (push, then pull). A failure is kept as the status's last error and returned.
pub async fn sync_once(store: &Store, secrets: &dyn SecretStore) -> AppResult<SyncReport> {
    let result: AppResult<SyncReport> = async {
        let client = connect(store, secrets).await?;
        let mut report = SyncReport::default();
        sync::push(store, &client, &mut report).await?;
        sync::pull(store, &client, &mut report).await?;
        let visible: i64 =
            client.query_one("SELECT count(*) FROM relata_conflicts", &[]).await.map_err(conn::map_err)?.get(0);
        store.write(|tx| outbox::note_conflicts(tx, visible))?;
        Ok(report)
    }
    .await;
    if let Err(e) = &result {
        tracing::warn!(code = ?e.code, "team sync failed: {}", e.message);
        store.write(|tx| outbox::note_error(tx, e))?;
    }
    result
}

/// The conflict log as this user may see it, newest first.
pub async fn conflicts(store: &Store, secrets: &dyn SecretStore) -> AppResult<Vec<Conflict>> {
    let client = connect(store, secrets).await?;
    let rows = client
        .query(
            "SELECT id, tbl, gid::text, field, COALESCE(lost_value, 'null'), COALESCE(won_value, 'null'), lost_node,
                    won_node, pushed_by FROM relata_conflicts ORDER BY id DESC",
            &[],
        )
        .await
        .map_err(conn::map_err)?;
    Ok(rows
        .iter()
        .map(|r| Conflict {
            id: r.get(0),
            table: r.get(1),
            gid: r.get(2),
            field: r.get(3),
            lost_value: r.get(4),
            won_value: r.get(5),
            lost_node: r.get(6),
            won_node: r.get(7),
            pushed_by: r.get(8),
        })
        .collect())
}

/// Puts a conflict's losing value back as a new local edit of this desktop (pushed with the next sync, where
/// it wins as the latest edit). The conflict must be one this user can see.
pub async fn restore_conflict(store: &Store, secrets: &dyn SecretStore, id: i64) -> AppResult<()> {
    let client = connect(store, secrets).await?;
    let row = client
        .query_opt(
            "SELECT tbl, gid::text, field, COALESCE(lost_value, 'null') FROM relata_conflicts WHERE id = $1",
            &[&id],
        )
        .await
        .map_err(conn::map_err)?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, format!("conflict {id} does not exist")))?;
    let (tbl, gid, field, value): (String, String, String, serde_json::Value) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let now = store.clock().now_ms();
    store.write(|tx| {
        let local = crate::store::sync::apply::write_field(tx, &tbl, &gid, &field, &value, now)?;
        derived::after_apply(tx, &tbl, local)
    })
}

/// Leaves the workspace: the local copy stays, recording stops, the password leaves the keyring.
pub fn leave(store: &Store, secrets: &dyn SecretStore) -> AppResult<()> {
    let s = store.read(outbox::state)?;
    if let (Some(url), Some(user)) = (s.url, s.user) {
        secrets.delete(&secret_name(&url, &user))?;
    }
    store.write(outbox::leave)
}

#[cfg(test)]
mod tests {
    use super::without_user;

    #[test]
    fn a_join_string_names_the_url_and_the_user() {
        let (url, user) = super::parse_join("  relata team join --url postgres://h:5/db --user anna\n").unwrap();
        assert_eq!((url.as_str(), user.as_str()), ("postgres://h:5/db", "anna"));
        let (url, user) = super::parse_join("--user bo --url postgres://h/db").unwrap();
        assert_eq!((url.as_str(), user.as_str()), ("postgres://h/db", "bo"));
        assert_eq!(super::parse_join("relata team join --url").unwrap_err().field.as_deref(), Some("join"));
    }

    #[test]
    fn join_urls_carry_no_user() {
        assert_eq!(without_user("postgres://admin@db.example:5432/team"), "postgres://db.example:5432/team");
        assert_eq!(without_user("postgresql://h/team"), "postgresql://h/team");
        assert_eq!(without_user("postgres://a@h"), "postgres://h");
    }
}
