//! The whole extraction: stages in order over batches of articles, in parallel, results in input
//! order whatever the thread count.
//!
//! Rule stages run per article; the entity tagger runs once per batch so that sentences from many
//! articles share forward passes. Each article's stages are guarded: a panic or error in one
//! article skips that article only.

use std::ops::ControlFlow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use rayon::prelude::*;

use crate::document::Document;
use crate::error::Result;
use crate::model::{Backend, TaggerModel};
use crate::run::reader::{Article, Item};
use crate::stages::attribution::confidence;
use crate::stages::attribution::merge::{self, Decider};
use crate::stages::attribution::roles::RoleTagger;
use crate::stages::entities::EntityTagger;
use crate::stages::link::EntityList;
use crate::stages::speakers::{self, Ranker};
use crate::stages::{gender, link, rule_stages};

/// What happened to one input record.
#[derive(Debug)]
pub enum Outcome {
    /// Fully processed.
    Done(Box<Document>),
    /// Not processed; the reason names the problem.
    Skipped {
        /// Article id, or file and line for an unreadable record.
        id: String,
        /// Why it was skipped.
        reason: String,
    },
}

/// The loaded models and settings; `Sync`, shared by all workers.
pub struct Pipeline {
    /// The entity tagger, with its model.
    pub tagger: EntityTagger,
    /// The attribution-role tagger; `None`: rules alone.
    pub roles: Option<RoleTagger>,
    /// Who decides attribution when the role tagger is there.
    pub decider: Decider,
    /// The user's entity list that speakers are linked to, if any.
    pub entities: Option<EntityList>,
    /// Whether records carry calibrated confidences (see `attribution::confidence`); off only
    /// to fit the calibration on the raw ones.
    pub calibrate: bool,
    /// The speaker model that re-ranks each quote's candidate speakers after the rules have
    /// resolved them (default: the built-in one); `None`: the rules' choice stands.
    pub speakers: Option<Ranker>,
}

/// Runs a model stage over the good documents of a batch at once (sentences of many articles
/// share forward passes); if the batch fails or panics, runs each document alone, so that only
/// the culprit is lost. Gives each good slot's index with its result.
fn batched<T>(
    slots: &mut [std::result::Result<Document, String>],
    stage: &str,
    run: impl Fn(&[Document]) -> Result<Vec<T>>,
) -> Vec<(usize, std::result::Result<T, String>)> {
    let at: Vec<usize> = (0..slots.len()).filter(|&i| slots[i].is_ok()).collect();
    let docs: Vec<Document> = at
        .iter()
        .map(|&i| slots[i].as_mut().map(std::mem::take).unwrap_or_default())
        .collect();
    let results: Vec<std::result::Result<T, String>> =
        match catch_unwind(AssertUnwindSafe(|| run(&docs))) {
            Ok(Ok(all)) if all.len() == docs.len() => all.into_iter().map(Ok).collect(),
            _ => docs
                .iter()
                .map(
                    |d| match catch_unwind(AssertUnwindSafe(|| run(std::slice::from_ref(d)))) {
                        Ok(Ok(mut one)) if one.len() == 1 => Ok(one.remove(0)),
                        Ok(Ok(_)) => Err(format!("{stage}: no result")),
                        Ok(Err(e)) => Err(format!("{stage}: {e}")),
                        Err(p) => Err(format!("panic in {stage}: {}", panic_message(p))),
                    },
                )
                .collect(),
        };
    for (&i, d) in at.iter().zip(docs) {
        slots[i] = Ok(d);
    }
    at.into_iter().zip(results).collect()
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

impl Pipeline {
    /// Loads the model of `dir`.
    pub fn load(dir: &Path, backend: Backend) -> Result<Self> {
        Self::with_model(TaggerModel::load(dir, backend)?)
    }

    /// The pipeline over an already loaded entity model.
    pub fn with_model(model: TaggerModel) -> Result<Self> {
        Ok(Self {
            tagger: EntityTagger::new(model, 128)?,
            roles: None,
            decider: Decider::default(),
            entities: None,
            calibrate: true,
            speakers: Some(Ranker::builtin()?),
        })
    }

    /// The pipeline of an entity model and, unless `decider` is rules, a role model; the two
    /// load side by side (unpacking weights is single-threaded work), so the start costs the
    /// longer load, not the sum.
    pub fn assemble<E: From<crate::Error> + Send>(
        ner: impl FnOnce() -> Result<TaggerModel, E>,
        roles: impl FnOnce() -> Result<TaggerModel, E> + Send,
        decider: Decider,
    ) -> Result<Self, E> {
        let (ner, roles) = std::thread::scope(|s| {
            let roles = (decider != Decider::Rules).then(|| s.spawn(roles));
            let ner = ner();
            let roles = roles.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (ner, roles)
        });
        let mut p = Self::with_model(ner?)?;
        p.decider = decider;
        if let Some(model) = roles {
            p.roles = Some(RoleTagger::new(model?)?);
        }
        Ok(p)
    }

    /// What a resumed run must share with the run it goes on from about attribution: who
    /// decides, and which role model.
    pub fn attribution_key(&self) -> String {
        let roles = match (&self.roles, self.decider) {
            (None, _) | (_, Decider::Rules) => return "rules".into(),
            (Some(r), _) => r,
        };
        let who = if self.decider == Decider::Model {
            "model"
        } else {
            "both"
        };
        format!("{who} {}", roles.model.dir.display())
    }

    /// Runs all stages on a batch of articles; one outcome per article, in order.
    pub fn run(&self, articles: Vec<Article>) -> Vec<Outcome> {
        let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
        let mut slots: Vec<std::result::Result<Document, String>> = articles
            .into_iter()
            .map(|a| {
                let mut doc = Document::new(a.id, a.text);
                doc.meta = a.meta;
                catch_unwind(AssertUnwindSafe(|| rule_stages(&mut doc)))
                    .map(|_| doc)
                    .map_err(|p| format!("panic in rule stages: {}", panic_message(p)))
            })
            .collect();
        if let (Some(roles), true) = (&self.roles, self.decider != Decider::Rules) {
            for (i, chunks) in batched(&mut slots, "role tagger", |docs| {
                roles.tag(docs, self.decider == Decider::Model)
            }) {
                let slot = &mut slots[i];
                *slot = std::mem::replace(slot, Err(String::new())).and_then(|mut d| {
                    let chunks = chunks?;
                    catch_unwind(AssertUnwindSafe(|| {
                        let rules = std::mem::take(&mut d.quotes);
                        d.quotes = merge::merge(&d, rules, &chunks, self.decider);
                        d
                    }))
                    .map_err(|p| format!("panic in attribution merge: {}", panic_message(p)))
                });
            }
        }
        let found = batched(&mut slots, "entity tagger", |docs| {
            self.tagger.find(docs, speakers::regions_to_tag)
        });
        for (i, entities) in found {
            let slot = &mut slots[i];
            *slot = std::mem::replace(slot, Err(String::new())).and_then(|mut d| {
                d.entities = entities?;
                catch_unwind(AssertUnwindSafe(|| {
                    speakers::resolve(&mut d);
                    // The speaker model, gender and linking read each entity's alias and
                    // canonical name: computed once, and only where some quote needs them.
                    let mut names = None;
                    if let (Some(ranker), false) = (&self.speakers, d.quotes.is_empty()) {
                        let n = speakers::entity_names(&d);
                        speakers::ranker::rerank(&mut d, ranker, &n);
                        names = Some(n);
                    }
                    if self.calibrate {
                        for q in &mut d.quotes {
                            q.confidence = confidence::calibrated(q.confidence);
                        }
                    }
                    if d.quotes.iter().any(|q| q.speaker.name.is_some()) {
                        let names = names.unwrap_or_else(|| speakers::entity_names(&d));
                        gender::annotate(&mut d, &names);
                        if let Some(list) = &self.entities {
                            link::annotate(&mut d, list, &names);
                        }
                    }
                    d
                }))
                .map_err(|p| format!("panic in speaker resolution: {}", panic_message(p)))
            });
        }
        slots
            .into_iter()
            .zip(ids)
            .map(|(s, id)| match s {
                Ok(d) => Outcome::Done(Box::new(d)),
                Err(reason) => Outcome::Skipped { id, reason },
            })
            .collect()
    }

    /// Streams items through the pipeline in windows of `window` articles split into batches of
    /// `batch` for the rayon pool; `sink` gets every outcome in input order, and stops the stream
    /// by breaking (a closed output: no point reading on).
    pub fn stream(
        &self,
        items: impl Iterator<Item = Item>,
        window: usize,
        batch: usize,
        mut sink: impl FnMut(Outcome) -> ControlFlow<()>,
    ) {
        let mut items = items.peekable();
        while items.peek().is_some() {
            // (input position, article) and the outcomes of unreadable records.
            let mut pending: Vec<(usize, Article)> = Vec::new();
            let mut order: Vec<Option<Outcome>> = Vec::new();
            for item in items.by_ref().take(window) {
                match item {
                    Item::Article(a) => {
                        pending.push((order.len(), a));
                        order.push(None);
                    }
                    Item::Bad { location, message } => order.push(Some(Outcome::Skipped {
                        id: location,
                        reason: message,
                    })),
                }
            }
            let chunks: Vec<Vec<(usize, Article)>> = {
                let mut v = Vec::new();
                let mut it = pending.into_iter().peekable();
                while it.peek().is_some() {
                    v.push(it.by_ref().take(batch.max(1)).collect());
                }
                v
            };
            let results: Vec<Vec<(usize, Outcome)>> = chunks
                .into_par_iter()
                .map(|chunk| {
                    let (pos, arts): (Vec<usize>, Vec<Article>) = chunk.into_iter().unzip();
                    pos.into_iter().zip(self.run(arts)).collect()
                })
                .collect();
            for (p, o) in results.into_iter().flatten() {
                order[p] = Some(o);
            }
            for o in order.into_iter().flatten() {
                if sink(o).is_break() {
                    return;
                }
            }
        }
    }
}
