//! `whosaid._whosaid`: the Python extension over the whosaid library. The pure-Python package
//! (`python/whosaid/`) wraps it with the pandas and Arrow front ends.
//!
//! The GIL is released while Rust works: a window of articles goes to the pipeline's rayon pool,
//! and the calling thread waits for it in short slices, taking the GIL back between them only to
//! let Python see a signal (Ctrl-C raises `KeyboardInterrupt` within a slice, the work left in
//! the pool finishing on its own). Records are built as `whosaid extract` writes them: the same
//! reader checks and repair, the same unique ids, the same fields in the same order.

use std::collections::VecDeque;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyIterator, PyList, PyMapping, PyString};
use serde_json::{Map, Value};

use whosaid::eval;
use whosaid::model::{builtin, Backend, Precision, TaggerModel};
use whosaid::run::extract::{Observer, UniqueIds};
use whosaid::run::output::{records, QuoteRecord, CSV_COLUMNS};
use whosaid::run::pipeline::{Outcome, Pipeline as Core};
use whosaid::run::reader::{self, Article, Item, DEFAULT_MAX_ARTICLE_BYTES};
use whosaid::stages::attribution::merge::Decider;
use whosaid::stages::link::EntityList;

/// How long the caller waits, GIL released, between looks at Python's signals.
const SIGNAL_SLICE: Duration = Duration::from_millis(50);

/// Articles a rayon task takes at once, as in `whosaid extract`.
const TASK_ARTICLES: usize = 8;

/// A library error as the Python exception the CLI's message goes with.
fn py_err(e: whosaid::Error) -> PyErr {
    match e {
        whosaid::Error::Io { .. } => pyo3::exceptions::PyOSError::new_err(e.to_string()),
        whosaid::Error::Input { .. } => PyValueError::new_err(e.to_string()),
        _ => PyRuntimeError::new_err(e.to_string()),
    }
}

/// Collects what a run reports (renamed ids, repaired texts) to hand to Python's `warnings`.
#[derive(Default)]
struct Notes(Mutex<Vec<String>>);

impl Observer for Notes {
    fn warning(&self, message: &str) {
        self.0.lock().expect("notes").push(message.to_string());
    }
}

impl Notes {
    fn flush(&self, py: Python<'_>) -> PyResult<()> {
        warn(py, std::mem::take(&mut *self.0.lock().expect("notes")))
    }
}

/// Each message as a Python `UserWarning`.
fn warn(py: Python<'_>, messages: impl IntoIterator<Item = String>) -> PyResult<()> {
    let mut messages = messages.into_iter().peekable();
    if messages.peek().is_none() {
        return Ok(());
    }
    let warn = py.import("warnings")?.getattr("warn")?;
    for m in messages {
        warn.call1((m,))?;
    }
    Ok(())
}

/// The loaded models and settings, shared by every call and iterator.
struct Shared {
    core: Core,
    pool: rayon::ThreadPool,
    max_article_bytes: usize,
}

impl Shared {
    /// Runs `articles` through the pipeline in the pool, in input order, the GIL released; a
    /// signal (Ctrl-C) raises its exception at once and leaves the pool to finish the window.
    fn run(self: &Arc<Self>, py: Python<'_>, articles: Vec<Article>) -> PyResult<Vec<Outcome>> {
        let (tx, rx) = mpsc::channel();
        let me = self.clone();
        self.pool.spawn(move || {
            let n = articles.len();
            let mut out = Vec::with_capacity(n);
            me.core.stream(
                articles.into_iter().map(Item::Article),
                n.max(1),
                TASK_ARTICLES,
                |o| {
                    out.push(o);
                    ControlFlow::Continue(())
                },
            );
            let _ = tx.send(out);
        });
        let mut rx = rx;
        loop {
            // The receiver goes into the GIL-free closure and comes back: it is not `Sync`.
            let (got, back) = py.detach(move || (rx.recv_timeout(SIGNAL_SLICE), rx));
            rx = back;
            match got {
                Ok(out) => return Ok(out),
                Err(mpsc::RecvTimeoutError::Timeout) => py.check_signals()?,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "whosaid: the extraction task stopped without a result",
                    ))
                }
            }
        }
    }
}

/// Loads the models and settings once; `extract` and `extract_many` then run articles through
/// them. Mirrors `whosaid extract`'s flags.
#[pyclass(module = "whosaid._whosaid", subclass, frozen)]
struct Pipeline {
    shared: Arc<Shared>,
    #[pyo3(get)]
    threads: usize,
    #[pyo3(get)]
    attribution: String,
}

fn parse_decider(s: &str) -> PyResult<Decider> {
    match s {
        "both" => Ok(Decider::Both),
        "rules" => Ok(Decider::Rules),
        "model" => Ok(Decider::Model),
        _ => Err(PyValueError::new_err(format!(
            "attribution={s:?}: expected \"both\", \"rules\" or \"model\""
        ))),
    }
}

fn parse_precision(s: &str) -> PyResult<Precision> {
    match s {
        "int8" => Ok(Precision::Int8),
        "f32" => Ok(Precision::F32),
        _ => Err(PyValueError::new_err(format!(
            "precision={s:?}: expected \"int8\" or \"f32\""
        ))),
    }
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (threads=None, attribution="both", entities=None, precision="int8", model=None, roles_model=None, max_article_bytes=DEFAULT_MAX_ARTICLE_BYTES, speakers="learned"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        threads: Option<usize>,
        attribution: &str,
        entities: Option<PathBuf>,
        precision: &str,
        model: Option<PathBuf>,
        roles_model: Option<PathBuf>,
        max_article_bytes: usize,
        speakers: &str,
    ) -> PyResult<Self> {
        let decider = parse_decider(attribution)?;
        let learned = match speakers {
            "learned" => true,
            "rules" => false,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "speakers={speakers:?}: expected \"learned\" or \"rules\""
                )))
            }
        };
        let precision = parse_precision(precision)?;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = match threads.unwrap_or(cores) {
            0 => return Err(PyValueError::new_err("threads must be at least 1")),
            n if n > cores * 4 => {
                let message = format!(
                    "threads={n} is more than four per core; using {} ({cores} cores)",
                    cores * 4
                );
                warn(py, [message])?;
                cores * 4
            }
            n => n,
        };
        if max_article_bytes == 0 {
            return Err(PyValueError::new_err(
                "max_article_bytes must be at least 1",
            ));
        }
        let shared = py.detach(|| -> Result<Shared, String> {
            let mut core = Core::assemble(
                || match &model {
                    Some(dir) => TaggerModel::load_with(dir, Backend::Candle, precision),
                    None => TaggerModel::from_built_in(&builtin::NER, Backend::Candle, precision),
                },
                || match &roles_model {
                    Some(dir) => TaggerModel::load_with(dir, Backend::Candle, precision),
                    None => TaggerModel::from_built_in(&builtin::ROLES, Backend::Candle, precision),
                },
                decider,
            )
            .map_err(|e| e.to_string())?;
            if !learned {
                core.speakers = None;
            }
            if let Some(path) = &entities {
                core.entities = Some(
                    EntityList::load(path)
                        .map_err(|e| format!("cannot use entities {}: {e}", path.display()))?,
                );
            }
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .map_err(|e| format!("threads={threads}: {e}"))?;
            Ok(Shared {
                core,
                pool,
                max_article_bytes,
            })
        });
        let shared = shared.map_err(PyValueError::new_err)?;
        Ok(Self {
            shared: Arc::new(shared),
            threads,
            attribution: attribution.to_string(),
        })
    }

    /// The records of one article, as `whosaid extract` writes them (a list of dicts).
    #[pyo3(signature = (text, id=None, meta=None))]
    fn extract<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        id: Option<&Bound<'py, PyAny>>,
        meta: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let keys = Keys::default();
        let notes = Notes::default();
        let default_id = PyString::new(py, "article").into_any();
        let meta = match meta {
            Some(m) => match to_json(m.as_any())? {
                Value::Object(m) if !m.is_empty() => Some(m),
                _ => None,
            },
            None => None,
        };
        let id = id.unwrap_or(&default_id);
        let max = self.shared.max_article_bytes;
        let article = match read_article(&keys, 0, id, text, meta, max)? {
            Item::Article(a) => a,
            Item::Bad { message, .. } => return Err(PyValueError::new_err(message)),
        };
        if let Some(w) = &article.warning {
            notes.warning(w);
        }
        notes.flush(py)?;
        let out = PyList::empty(py);
        for o in self.shared.run(py, vec![article])? {
            match o {
                Outcome::Done(doc) => {
                    for r in records(&doc) {
                        out.append(record_dict(py, &r, false)?)?;
                    }
                }
                Outcome::Skipped { id, reason } => {
                    return Err(PyValueError::new_err(format!("article {id}: {reason}")))
                }
            }
        }
        Ok(out)
    }

    /// An iterator of the records of many articles, in input order (see the package's
    /// `Pipeline.extract_many`). `positions` pairs each record with its article's position in
    /// the input; `meta_json` gives `meta` as the JSON string Parquet output holds.
    #[pyo3(signature = (articles, id_key=Some("id".to_string()), text_key="text".to_string(), batch_size=64, on_error="raise", positions=false, meta_json=false))]
    #[allow(clippy::too_many_arguments)]
    fn extract_many(
        &self,
        articles: &Bound<'_, PyAny>,
        id_key: Option<String>,
        text_key: String,
        batch_size: usize,
        on_error: &str,
        positions: bool,
        meta_json: bool,
    ) -> PyResult<Records> {
        let raise = match on_error {
            "raise" => true,
            "skip" => false,
            _ => {
                return Err(PyValueError::new_err(format!(
                    "on_error={on_error:?}: expected \"raise\" or \"skip\""
                )))
            }
        };
        if batch_size == 0 {
            return Err(PyValueError::new_err("batch_size must be at least 1"));
        }
        Ok(Records {
            state: Mutex::new(State {
                source: Some(articles.try_iter()?.unbind()),
                pending: VecDeque::new(),
                read: 0,
                ids: UniqueIds::default(),
            }),
            shared: self.shared.clone(),
            keys: Keys {
                id: id_key,
                text: text_key,
            },
            batch_size,
            raise,
            positions,
            meta_json,
        })
    }
}

/// The input keys of `extract_many`.
struct Keys {
    /// `None`: ids are input positions.
    id: Option<String>,
    text: String,
}

impl Default for Keys {
    fn default() -> Self {
        Self {
            id: Some("id".into()),
            text: "text".into(),
        }
    }
}

/// What an iterator of records has to give next.
enum Pending {
    Record(Py<PyAny>),
    Error(PyErr),
}

struct State {
    /// The input iterator; `None` once it is exhausted or an error ended the run.
    source: Option<Py<PyIterator>>,
    pending: VecDeque<Pending>,
    /// Input records read so far.
    read: usize,
    ids: UniqueIds,
}

/// The records of `extract_many`, produced a window of `batch_size` articles at a time.
#[pyclass(module = "whosaid._whosaid")]
struct Records {
    state: Mutex<State>,
    shared: Arc<Shared>,
    keys: Keys,
    batch_size: usize,
    raise: bool,
    positions: bool,
    meta_json: bool,
}

#[pymethods]
impl Records {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        // Another thread inside this iterator waits for Rust with the GIL released and needs it
        // back: blocking here with the GIL held would deadlock, so this is refused, as a running
        // generator refuses a second `next`.
        let mut state = match self.state.try_lock() {
            Ok(s) => s,
            Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => {
                return Err(PyValueError::new_err(
                    "extract_many iterator already executing in another thread",
                ))
            }
        };
        loop {
            match state.pending.pop_front() {
                Some(Pending::Record(r)) => return Ok(Some(r)),
                Some(Pending::Error(e)) => {
                    state.pending.clear();
                    state.source = None;
                    return Err(e);
                }
                None => {}
            }
            let Some(source) = state.source.as_ref().map(|s| s.clone_ref(py)) else {
                return Ok(None);
            };
            if let Err(e) = self.fill(py, &mut state, source.bind(py)) {
                state.pending.clear();
                state.source = None;
                return Err(e);
            }
        }
    }
}

impl Records {
    /// Reads a window of input records, runs its articles and queues their records (and, where
    /// the run stops at a bad record, its error after the records before it).
    fn fill(
        &self,
        py: Python<'_>,
        state: &mut State,
        source: &Bound<'_, PyIterator>,
    ) -> PyResult<()> {
        let notes = Notes::default();
        // (input position, article) in input order, and where a bad record sits among them.
        let mut window: Vec<(usize, Article)> = Vec::new();
        let mut stop: Option<PyErr> = None;
        for _ in 0..self.batch_size {
            let Some(item) = source.clone().next() else {
                state.source = None;
                break;
            };
            let item = item?;
            let at = state.read;
            state.read += 1;
            // (A record the reader turns down is an error like one this module turns down.)
            let read =
                article_of(&self.keys, at, &item, self.shared.max_article_bytes).and_then(|i| {
                    match state.ids.unique(i, &notes) {
                        Item::Article(a) => Ok(a),
                        Item::Bad { message, .. } => Err(PyValueError::new_err(message)),
                    }
                });
            match read {
                Ok(a) => {
                    if let Some(w) = &a.warning {
                        notes.warning(w);
                    }
                    window.push((at, a));
                }
                Err(e) => {
                    if self.raise {
                        stop = Some(e);
                        break;
                    }
                    notes.warning(&format!("skipped: {}", e.value(py)));
                }
            }
        }
        if stop.is_some() {
            state.source = None;
        }
        notes.flush(py)?;
        let (at, articles): (Vec<usize>, Vec<Article>) = window.into_iter().unzip();
        let outcomes = if articles.is_empty() {
            Vec::new()
        } else {
            self.shared.run(py, articles)?
        };
        for (pos, o) in at.into_iter().zip(outcomes) {
            match o {
                Outcome::Done(doc) => {
                    for r in records(&doc) {
                        let rec = record_dict(py, &r, self.meta_json)?.into_any();
                        let rec = if self.positions {
                            (pos, rec).into_pyobject(py)?.into_any().unbind()
                        } else {
                            rec.unbind()
                        };
                        state.pending.push_back(Pending::Record(rec));
                    }
                }
                Outcome::Skipped { id, reason } => {
                    let message = format!("record {pos} (article {id}): {reason}");
                    if self.raise {
                        state
                            .pending
                            .push_back(Pending::Error(PyValueError::new_err(message)));
                        state.source = None;
                        return Ok(());
                    }
                    notes.warning(&format!("skipped: {message}"));
                }
            }
        }
        notes.flush(py)?;
        if let Some(e) = stop {
            state.pending.push_back(Pending::Error(e));
        }
        Ok(())
    }
}

/// One input record of `extract_many`: a `str` (the text; its id is its position) or a mapping
/// with the id and text keys (other keys become `meta`).
fn article_of(keys: &Keys, at: usize, item: &Bound<'_, PyAny>, max: usize) -> PyResult<Item> {
    let name = |what: &str| format!("record {at}: {what}");
    if item.is_instance_of::<PyString>() {
        let pos = PyInt::new(item.py(), at);
        return read_article(keys, at, pos.as_any(), item, None, max);
    }
    let Ok(map) = item.cast::<PyMapping>() else {
        return Err(PyValueError::new_err(name(&format!(
            "expected a dict with {:?} and {:?} (or a str), got {}",
            keys.id.as_deref().unwrap_or("text"),
            keys.text,
            item.get_type().name()?
        ))));
    };
    let get = |k: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        match map.get_item(k) {
            Ok(v) => Ok(Some(v)),
            Err(e) if e.is_instance_of::<pyo3::exceptions::PyKeyError>(item.py()) => Ok(None),
            Err(e) => Err(e),
        }
    };
    let id = match &keys.id {
        Some(k) => {
            get(k)?.ok_or_else(|| PyValueError::new_err(name(&format!("missing key {k:?}"))))?
        }
        None => PyInt::new(item.py(), at).into_any(),
    };
    let text = get(&keys.text)?.ok_or_else(|| {
        PyValueError::new_err(name(&format!(
            "{}missing key {:?}",
            id_note(&id),
            keys.text
        )))
    })?;
    let mut meta = Map::new();
    for k in map.keys()? {
        let key = k.str()?.to_string();
        if Some(&key) == keys.id.as_ref() || key == keys.text {
            continue;
        }
        meta.insert(key, to_json(&map.get_item(&k)?)?);
    }
    read_article(
        keys,
        at,
        &id,
        &text,
        Some(meta).filter(|m| !m.is_empty()),
        max,
    )
}

fn id_note(id: &Bound<'_, PyAny>) -> String {
    id.str()
        .map(|s| format!("article {}: ", s))
        .unwrap_or_default()
}

/// An article from its id, text and meta, checked and repaired as a JSONL record is.
fn read_article(
    keys: &Keys,
    at: usize,
    id: &Bound<'_, PyAny>,
    text: &Bound<'_, PyAny>,
    meta: impl Into<Option<Map<String, Value>>>,
    max: usize,
) -> PyResult<Item> {
    let name = |what: String| PyValueError::new_err(format!("record {at}: {what}"));
    let id_key = keys.id.as_deref().unwrap_or("id");
    let id = if id.is_instance_of::<PyString>() {
        id.extract::<String>()?
    } else if id.is_instance_of::<PyInt>() && !id.is_instance_of::<PyBool>() {
        id.str()?.to_string()
    } else {
        return Err(name(format!(
            "{id_key:?} must be a str or an int, got {}",
            id.get_type().name()?
        )));
    };
    if id.trim().is_empty() {
        return Err(name(format!(
            "empty {id_key:?}: every article needs one, for its records' quote_id"
        )));
    }
    if text.is_none() {
        return Err(name(format!("article {id}: {:?} is None", keys.text)));
    }
    let Ok(text) = text.cast::<PyString>() else {
        return Err(name(format!(
            "article {id}: {:?} must be a str, got {}",
            keys.text,
            text.get_type().name()?
        )));
    };
    let text = text.to_cow()?;
    if text.len() > max {
        return Err(name(format!(
            "article {id}: {} bytes of text, over max_article_bytes={max}",
            text.len()
        )));
    }
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(id.clone()));
    obj.insert("text".into(), Value::String(text.into_owned()));
    if let Some(meta) = meta.into() {
        obj.extend(meta);
    }
    Ok(
        match reader::record(Value::Object(obj), &format!("record {at}")) {
            Item::Bad { location, message } => Item::Bad {
                message: format!("record {at}: {message}"),
                location,
            },
            a => a,
        },
    )
}

/// A Python value as JSON for `meta`: JSON's own types as themselves (NaN and infinities, which
/// JSON cannot hold, as null), dates by `isoformat()`, anything else by `str()`.
fn to_json(v: &Bound<'_, PyAny>) -> PyResult<Value> {
    Ok(if v.is_none() {
        Value::Null
    } else if let Ok(b) = v.cast::<PyBool>() {
        Value::Bool(b.is_true())
    } else if v.is_instance_of::<PyInt>() {
        if let Ok(i) = v.extract::<i64>() {
            Value::from(i)
        } else if let Ok(u) = v.extract::<u64>() {
            Value::from(u)
        } else {
            Value::String(v.str()?.to_string())
        }
    } else if let Ok(f) = v.cast::<PyFloat>() {
        serde_json::Number::from_f64(f.value()).map_or(Value::Null, Value::Number)
    } else if let Ok(s) = v.cast::<PyString>() {
        Value::String(s.to_cow()?.into_owned())
    } else if let Ok(d) = v.cast::<PyDict>() {
        let mut m = Map::new();
        for (k, x) in d.iter() {
            m.insert(k.str()?.to_string(), to_json(&x)?);
        }
        Value::Object(m)
    } else if v.is_instance_of::<PyList>() || v.is_instance_of::<pyo3::types::PyTuple>() {
        Value::Array(
            v.try_iter()?
                .map(|x| to_json(&x?))
                .collect::<PyResult<Vec<_>>>()?,
        )
    } else if v.hasattr("isoformat")? {
        Value::String(v.call_method0("isoformat")?.str()?.to_string())
    } else {
        Value::String(v.str()?.to_string())
    })
}

/// JSON as Python objects.
fn from_json<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(from_json(py, x)?)?;
            }
            l.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, from_json(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// The record's field names (the CSV columns, then `meta`), made once.
static FIELDS: PyOnceLock<Vec<Py<PyString>>> = PyOnceLock::new();

/// A record as the dict `json.loads` makes of its JSONL line (same keys, same order); with
/// `meta_json`, `meta` is always there, as the JSON string (or None) Parquet output holds.
fn record_dict<'py>(
    py: Python<'py>,
    r: &QuoteRecord,
    meta_json: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let f = FIELDS.get_or_init(py, || {
        CSV_COLUMNS
            .iter()
            .chain(&["meta"])
            .map(|n| PyString::intern(py, n).unbind())
            .collect()
    });
    let d = PyDict::new(py);
    let k = |i: usize| f[i].bind(py);
    d.set_item(k(0), &r.doc_id)?;
    d.set_item(k(1), &r.quote_id)?;
    d.set_item(k(2), r.kind)?;
    d.set_item(k(3), &r.text)?;
    d.set_item(k(4), r.start)?;
    d.set_item(k(5), r.end)?;
    d.set_item(k(6), &r.cue)?;
    d.set_item(k(7), r.cue_start)?;
    d.set_item(k(8), r.cue_end)?;
    d.set_item(k(9), &r.speaker)?;
    d.set_item(k(10), &r.speaker_type)?;
    d.set_item(k(11), &r.speaker_mention)?;
    d.set_item(k(12), r.speaker_start)?;
    d.set_item(k(13), r.speaker_end)?;
    d.set_item(k(14), r.confidence)?;
    d.set_item(k(15), r.sentence)?;
    d.set_item(k(16), r.paragraph)?;
    d.set_item(k(17), r.speaker_gender)?;
    d.set_item(k(18), &r.speaker_id)?;
    match (&r.meta, meta_json) {
        (Some(m), false) => d.set_item(k(19), from_json(py, &Value::Object(m.clone()))?)?,
        (Some(m), true) => d.set_item(k(19), Value::Object(m.clone()).to_string())?,
        (None, true) => d.set_item(k(19), py.None())?,
        (None, false) => {}
    }
    Ok(d)
}

/// Scores records against a gold file (`whosaid eval --gold`'s formats): the flat object of
/// `whosaid eval --json`, as a JSON string; `exact` scores as `--match exact` does.
#[pyfunction]
#[pyo3(signature = (gold, records, exact=false))]
fn evaluate_json(
    py: Python<'_>,
    gold: PathBuf,
    records: &Bound<'_, PyAny>,
    exact: bool,
) -> PyResult<String> {
    let docs = py.detach(|| eval::load_gold(&gold)).map_err(py_err)?;
    let mut reader = eval::PredReader::new(&docs);
    for (n, r) in records.try_iter()?.enumerate() {
        let r = r?;
        match to_json(&r)? {
            Value::Object(m) => reader.add(&format!("record {n}"), &m),
            _ => {
                return Err(PyValueError::new_err(format!(
                    "record {n}: expected a dict (a record of extract), got {}",
                    r.get_type().name()?
                )))
            }
        }
    }
    let (preds, warnings) = reader.finish();
    warn(py, warnings)?;
    let v = if exact {
        serde_json::to_value(eval::score_exact(&docs, &preds))
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))?
    } else {
        eval::score(&docs, &preds, &mut None).json()
    };
    Ok(v.to_string())
}

/// The extension module.
#[pymodule]
fn _whosaid(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Pipeline>()?;
    m.add_class::<Records>()?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
