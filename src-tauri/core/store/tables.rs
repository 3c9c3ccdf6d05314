//! Which table holds each kind of record.

use crate::domain::Entity;

pub fn table(entity: Entity) -> &'static str {
    match entity {
        Entity::Person => "people",
        Entity::Company => "companies",
        Entity::Deal => "deals",
        Entity::Activity => "activities",
        Entity::Task => "tasks",
        Entity::Order => "orders",
    }
}
