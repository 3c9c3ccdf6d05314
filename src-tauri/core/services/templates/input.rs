//! Checking what a save sends: the name, the variants (each must parse and use only known merge fields)
//! and the documents to attach.

use super::super::validate::{self as v, NAME_MAX, SHORT_MAX};
use super::attachments::{self, Checked};
use super::engine;
use crate::domain::{Id, Language, NewAttachment, TemplateInput, TemplateVariant};
use crate::error::{AppError, AppResult, ErrorCode};

pub const SUBJECT_MAX: usize = 500;
pub const BODY_MAX: usize = 100_000;

pub(super) struct Normalized {
    pub name: String,
    pub purpose: Option<String>,
    /// In the order en, nl, de, da.
    pub variants: Vec<TemplateVariant>,
    pub add: Vec<Checked>,
    pub remove: Vec<Id>,
    pub add_documents: Vec<Id>,
    pub remove_documents: Vec<Id>,
}

pub(super) fn normalize(input: TemplateInput) -> AppResult<Normalized> {
    let name = v::required("name", &input.name, NAME_MAX)?;
    let purpose = v::optional("purpose", input.purpose.as_deref(), SHORT_MAX)?;
    if input.variants.is_empty() {
        return Err(AppError::field(ErrorCode::Required, "variants", "a template needs at least one language"));
    }
    let mut variants = Vec::with_capacity(input.variants.len());
    for (i, var) in input.variants.into_iter().enumerate() {
        if variants.iter().any(|x: &TemplateVariant| x.lang == var.lang) {
            return Err(AppError::field(
                ErrorCode::Duplicate,
                format!("variants.{i}.lang"),
                format!("the template has two {} variants", var.lang.code()),
            ));
        }
        variants.push(variant(&format!("variants.{i}"), var)?);
    }
    in_language_order(&mut variants);
    let add = docs(input.add_attachments)?;
    Ok(Normalized {
        name,
        purpose,
        variants,
        add,
        remove: input.remove_attachments,
        add_documents: input.add_documents,
        remove_documents: input.remove_documents,
    })
}

/// Sorts variants en, nl, de, da.
pub(super) fn in_language_order(variants: &mut [TemplateVariant]) {
    variants.sort_by_key(|x| Language::ALL.iter().position(|l| *l == x.lang));
}

/// Checked documents to add; errors name `add_attachments.N`.
pub(super) fn docs(add: Vec<NewAttachment>) -> AppResult<Vec<Checked>> {
    add.into_iter().enumerate().map(|(i, a)| attachments::check(&format!("add_attachments.{i}"), a)).collect()
}

/// A checked variant; `field` is its input path (`variants.0`).
pub(super) fn variant(field: &str, var: TemplateVariant) -> AppResult<TemplateVariant> {
    let subject = v::required(&format!("{field}.subject"), &var.subject, SUBJECT_MAX)?;
    // The body keeps its own leading and trailing lines.
    let body_field = format!("{field}.body");
    if var.body.trim().is_empty() {
        return Err(AppError::field(ErrorCode::Required, &body_field, format!("{body_field} is required")));
    }
    if var.body.chars().count() > BODY_MAX {
        return Err(AppError::field(
            ErrorCode::TooLong,
            &body_field,
            format!("{body_field} is longer than {BODY_MAX} characters"),
        ));
    }
    engine::check(&subject, &format!("{field}.subject"))?;
    engine::check(&var.body, &body_field)?;
    Ok(TemplateVariant { lang: var.lang, subject, body: var.body })
}
