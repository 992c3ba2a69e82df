//! What several commands share: the model flags, the built-in models, and small flag helpers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use whosaid::model::{builtin, Backend, Precision, TaggerModel};
use whosaid::run::output::OutputFile;
use whosaid::run::pipeline::Pipeline;
use whosaid::stages::attribution::merge::Decider;
use whosaid::stages::link::EntityList;
use whosaid::stages::speakers::Ranker;

/// `--backend`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendName {
    /// Pure Rust, always built.
    Candle,
    /// libtorch (build with --features rust-bert).
    #[value(alias = "rustbert", alias = "libtorch")]
    RustBert,
}

/// `--device`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Device {
    /// The CPU.
    Cpu,
    /// The first CUDA GPU (rust-bert backend on a CUDA build of libtorch).
    #[value(alias = "gpu")]
    Cuda,
}

/// Which model runs, and how: shared by every command that loads one.
#[derive(clap::Args)]
pub struct ModelArgs {
    /// Model directory (default: $WHOSAID_MODEL, else the model built into this program, the
    /// repository's models/ner).
    #[arg(long)]
    model: Option<PathBuf>,
    /// Which implementation runs the transformer.
    #[arg(long, value_enum, default_value_t = BackendName::Candle)]
    backend: BackendName,
    /// Where it runs.
    #[arg(long, value_enum, default_value_t = Device::Cpu)]
    device: Device,
    /// Arithmetic of the candle backend: int8 (quantized dense layers, our own kernels) or f32
    /// (candle's, the reference).
    #[arg(long, value_enum, default_value_t = Precision::Int8)]
    precision: Precision,
    /// Who decides attribution: both (rules for direct quotes, the role model for reported
    /// speech), rules (no role model runs) or model (the role model alone).
    #[arg(long, value_enum, default_value_t = Decider::Both)]
    attribution: Decider,
    /// Attribution-role model directory (default: the one built into this program, the
    /// repository's models/attribution); it runs on candle with any --backend.
    #[arg(long)]
    roles_model: Option<PathBuf>,
    /// Who picks each quote's speaker among the resolved candidates: the rules, or the learned
    /// speaker model (models/speakers) over them.
    #[arg(long, value_enum, default_value_t = SpeakerDecider::Learned)]
    speakers: SpeakerDecider,
    /// Speaker model file (default: the one built into this program,
    /// models/speakers/ranker.json).
    #[arg(long)]
    speakers_model: Option<PathBuf>,
}

/// Who picks speakers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SpeakerDecider {
    /// The resolution rules alone.
    Rules,
    /// The learned speaker model, the rules' choice one of its features.
    Learned,
}

impl ModelArgs {
    fn backend(&self) -> Result<Backend> {
        let name = match self.backend {
            BackendName::Candle => "candle",
            BackendName::RustBert => "rust-bert",
        };
        let device = match self.device {
            Device::Cpu => "cpu",
            Device::Cuda => "cuda",
        };
        Backend::parse(name, device).map_err(anyhow::Error::msg)
    }

    /// The entity model and, unless `--attribution rules`, the role model, in one pipeline.
    pub fn pipeline(&self) -> Result<Pipeline> {
        let mut p = Pipeline::assemble(|| self.ner(), || self.roles(), self.attribution)?;
        match (self.speakers, &self.speakers_model) {
            (SpeakerDecider::Rules, _) => p.speakers = None,
            (SpeakerDecider::Learned, Some(f)) => {
                let json = std::fs::read_to_string(f).with_context(|| f.display().to_string())?;
                p.speakers = Some(Ranker::from_json(&json)?);
            }
            (SpeakerDecider::Learned, None) => {}
        }
        Ok(p)
    }

    /// `--roles-model`, else the built-in role model. It is small: it runs on candle whatever
    /// `--backend` says.
    fn roles(&self) -> Result<TaggerModel> {
        Ok(match &self.roles_model {
            Some(dir) => TaggerModel::load_with(dir, Backend::Candle, self.precision)?,
            None => TaggerModel::from_built_in(&builtin::ROLES, Backend::Candle, self.precision)?,
        })
    }

    /// `--model`, else `$WHOSAID_MODEL`, else the built-in model.
    pub fn ner(&self) -> Result<TaggerModel> {
        let env = std::env::var_os("WHOSAID_MODEL");
        if env.as_ref().is_some_and(|v| v.is_empty()) && self.model.is_none() {
            eprintln!("warning: WHOSAID_MODEL is set but empty: using the built-in model");
        }
        let dir = self
            .model
            .clone()
            .or_else(|| env.filter(|v| !v.is_empty()).map(PathBuf::from));
        Ok(match dir {
            Some(dir) => TaggerModel::load_with(&dir, self.backend()?, self.precision)?,
            None => TaggerModel::from_built_in(&builtin::NER, self.backend()?, self.precision)?,
        })
    }
}

/// `1 article`, `2 articles`.
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `16M`, `512K`, `1G` or a plain number of bytes.
pub fn parse_size(s: &str) -> std::result::Result<usize, String> {
    let t = s.trim();
    let (num, unit) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => t.split_at(i),
        None => (t, ""),
    };
    let shift = match unit.to_ascii_uppercase().trim_end_matches(['B', 'I']) {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        _ => {
            return Err(format!(
                "{s:?}: a number of bytes, optionally with K, M or G"
            ))
        }
    };
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?}: a number of bytes, optionally with K, M or G"))?;
    n.checked_mul(1 << shift)
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("{s:?}: must be between 1 byte and {} bytes", usize::MAX))
}

/// `--threads`: at least 1, all cores when not given, at most four per core (more only adds
/// memory and start-up time: 100,000 threads took minutes to start).
pub fn worker_threads(flag: Option<usize>) -> Result<usize> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match flag.unwrap_or(cores) {
        0 => bail!("--threads must be at least 1"),
        n if n > cores * 4 => {
            eprintln!(
                "warning: --threads {n} is more than four per core; using {} ({cores} cores)",
                cores * 4
            );
            Ok(cores * 4)
        }
        n => Ok(n),
    }
}

/// Reads `--entities`, saying how many it holds.
pub fn load_entities(path: &Path, quiet: bool) -> Result<EntityList> {
    let start = Instant::now();
    let list = EntityList::load(path)
        .with_context(|| format!("cannot use --entities {}", path.display()))?;
    if !quiet {
        eprintln!(
            "whosaid: {} entities, {} names from {} in {:.1} s",
            list.len(),
            list.names(),
            path.display(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(list)
}

/// Writes a whole output: to stdout (`None` or `-`), else safely to the file (see `OutputFile`).
pub fn write_all_to(output: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match output.filter(|p| *p != Path::new("-")) {
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(bytes).and_then(|_| out.flush()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => Ok(other?),
            }
        }
        Some(path) => Ok(OutputFile::create(path)?.commit_with(bytes)?),
    }
}
