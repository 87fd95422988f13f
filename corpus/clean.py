"""The cleaner: raw bytes → CleanDoc, recording every cut and repair with its reason.

Stages, in order (each a small function of its own module):
1. decode the bytes (decode.py), 2. extract main text and metadata (maintext.py),
3. per line: drop spam (spam.py) and site chrome (chrome.py), 4. inside kept lines: repair
mojibake (mojibake.py), cut injected pinyin (pinyin.py), contacts and duplicate sentences
(dedup.py), 5. language, script and search form per paragraph (language.py).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from ..models.registry import ModelVersion, select_version
from ..models.spam_lines import NAME as SPAM_MODEL
from ..models.spam_lines import SpamLineModel
from .chrome import (
    is_byline,
    is_comment_meta,
    is_footer,
    is_list_item,
    is_named_comment,
    is_nav_line,
    marker_form,
)
from .decode import decode_raw
from .dedup import (
    SentenceIndex,
    duplicate_sentence_spans,
    footnote_disorder,
    keyed_sentences,
    line_key,
    looks_spun,
)
from .language import (
    ChineseForms,
    assign_languages,
    detect_language,
    document_language,
    fill_undetermined,
    pair_translations,
)
from .lexicon import ChromeLexicon
from .maintext import MainText, main_text_of
from .mojibake import GbkShiftRepairer, utf8_latin1_repairs
from .pinyin import pinyin_spans
from .records import CleanDoc, Paragraph, RawDoc, Removed, Repaired
from .sentences import ends_with_stop
from .spam import CJK as CJK_IDEOGRAPH
from .spam import (
    contact_spans,
    is_contact_line,
    is_foreign_cjk_line,
    line_weight,
    page_cjk_share,
    spam_category,
    without_contacts,
)

CLEANER_VERSION = "0.1.0"


@dataclass(frozen=True, kw_only=True)
class CleanConfig:
    """Which cleaning steps run. Every field is documented in cominer/default.toml."""

    remove_spam: bool = True
    remove_chrome: bool = True
    remove_contacts: bool = True
    strip_pinyin: bool = True
    repair_mojibake: bool = True
    drop_duplicates: bool = True
    spam_model: bool = True
    spam_model_threshold: float = 0.7

    def hash(self, spam_model_tag: str | None = None) -> str:
        """Fingerprint of the cleaner version, these settings and the spam-line model version
        used (`spam-lines-2`), so a store knows what cleaned a document."""
        payload = json.dumps({"version": CLEANER_VERSION, **asdict(self),
                              "spam_model_version": spam_model_tag}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def spam_model_choice(cfg: CleanConfig, models_dir: str | None = None,
                      spam_pin: int | None = None) -> ModelVersion | None:
    """The registry's spam-line version for these settings (pinned, else the newest not worse
    than the shipped one); None when the model is off (`spam_model = false` or pin 0)."""
    if not cfg.spam_model or spam_pin == 0:
        return None
    return select_version(SPAM_MODEL, models_dir or None, spam_pin)


def cleaner_identity(cfg: CleanConfig, models_dir: str | None = None,
                     spam_pin: int | None = None) -> tuple[str, str]:
    """(cleaner version, config hash) a Cleaner built from the same arguments records, e.g.
    ("0.1.0+spam-lines-2", "…"), without loading any model."""
    return identity_with(cfg, spam_model_choice(cfg, models_dir, spam_pin))


def identity_with(cfg: CleanConfig, chosen: ModelVersion | None) -> tuple[str, str]:
    """(cleaner version, config hash) of a cleaner using the spam-line version `chosen`."""
    tag = chosen.tag if chosen else None
    return CLEANER_VERSION + (f"+{tag}" if tag else ""), cfg.hash(tag)


@dataclass(frozen=True)
class Edit:
    """Replace line[start:end] by `replacement` ('' = cut) for `reason`."""

    start: int
    end: int
    replacement: str
    reason: str


@dataclass
class LineState:
    """What earlier lines tell about the next: inside a related list or comment section."""

    section: str | None = None
    section_lines: int = 0  # lines removed since the section's marker
    section_opened_by: str = "heading"  # what opened the current comment run: heading or meta
    section_cjk: bool = False  # whether the related-list heading is Chinese
    page_lines: list[str] = field(default_factory=list)
    page_cjk_share: float | None = None  # share of CJK letters on the whole page: `cjk_share`
    seen_sentences: SentenceIndex = field(default_factory=SentenceIndex)
    seen_lines: set[str] = field(default_factory=set)
    keyed_line: str | None = None  # the line `keyed` belongs to
    keyed: list[tuple[int, int, str]] = field(default_factory=list)

    def sentences_of(self, line: str) -> list[tuple[int, int, str]]:
        """The line's `keyed_sentences`; the last line's are kept, as judging a prose line
        and cutting repeats from it both need them."""
        if line != self.keyed_line:
            self.keyed_line, self.keyed = line, keyed_sentences(line)
        return self.keyed

    def cjk_share(self) -> float:
        """The page's CJK share, worked out when a line first needs it (on a page without
        Chinese, never)."""
        if self.page_cjk_share is None:
            self.page_cjk_share = page_cjk_share(self.page_lines)
        return self.page_cjk_share


# Repeats are looked for in prose only: list items, table rows and recipe steps legitimately
# repeat, a spinner's copies sit in paragraphs (long lines that end like a sentence).
PROSE_LINE = 80
SENTENCE_STOPS = ".!?。！？…"
CLOSING_MARKS = "”’\"」』)）"


def ends_like_sentence(line: str) -> bool:
    """A stop, then only closing quotes or brackets and white space."""
    return ends_with_stop(line, SENTENCE_STOPS, CLOSING_MARKS)


def is_prose(line: str) -> bool:
    return line_weight(line) >= PROSE_LINE and ends_like_sentence(line)
MAX_RELATED_ITEMS = 6
# Short lines taken as comments: a few right under the heading, one under each commenter's
# "name date" line (the remark itself).
MAX_COMMENT_LINES = {"heading": 3, "meta": 1}
COMMENT_LINE = 120  # comments under a "Comments" heading are short; a paragraph ends them
SPAM_MODEL_MAX_WEIGHT = 240  # the model judges short lines only: paragraphs are not spam lines
MODEL_LANGUAGES = ("zh", "ru", "vi", "en")  # what the spam-line model was trained on
CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
TABLE_OR_CODE = re.compile(r"\|.*\d|[=;{}<>$]|^\W*[-*•]?\s*\d+(?:[.,]\d+)?\s*\w{0,4}\b")


def model_may_judge(line: str, lex: ChromeLexicon) -> bool:
    """Short lines with a weak spam cue, in the model's languages, not table rows, code or
    quantities, and not so short (a heading, a label) that nothing tells spam from text."""
    weight = line_weight(line)
    if weight >= SPAM_MODEL_MAX_WEIGHT or weight < 16 or TABLE_OR_CODE.search(line):
        return False
    if not CJK_CHAR.search(line) and len(line.split()) < 4:
        return False
    if not any(cue.search(line) for cue in lex.spam_cues):
        return False
    return detect_language(line) in MODEL_LANGUAGES


def line_removal_reason(line: str, following: list[str], state: LineState,
                        lex: ChromeLexicon, cfg: CleanConfig,
                        spam_probability: Callable[[str], float] | None = None) -> str | None:
    """Why a whole line goes, or None if it stays. `following` are the next few lines.
    Updates the section state."""
    next_line = following[0] if following else None
    if cfg.remove_chrome:
        marker = marker_form(line)
        if marker in lex.reference_markers:
            state.section = None
            return None
        if marker in lex.related_markers:
            state.section, state.section_lines = "related-list", 0
            state.section_cjk = CJK_CHAR.search(line) is not None
            return "related-list"
        if marker in lex.comment_markers:
            state.section, state.section_lines, state.section_opened_by = "comments", 0, "heading"
            return "comments"
        # "name 2023-05-24" then a short line, and another such pair soon: a comment thread,
        # even when the page's "Comments" heading did not survive extraction.
        if is_comment_meta(line) and (state.section == "comments" or (
                next_line is not None and line_weight(next_line) < COMMENT_LINE
                and any(is_comment_meta(f) for f in following[1:3]))):
            state.section, state.section_lines, state.section_opened_by = "comments", 0, "meta"
            return "comments"
        # A section ends at the first line that does not fit it, and after a few lines in any
        # case: a marker word inside an article ("See also") must not eat what follows.
        state.section_lines += 1
        if state.section == "related-list":
            # the items of a list are in the script of its heading (相似文献 → Chinese titles)
            same_script = (CJK_CHAR.search(line) is not None) == state.section_cjk
            if (state.section_lines <= MAX_RELATED_ITEMS and same_script
                    and is_list_item(line, next_line)):
                return "related-list"
            state.section = None
        elif state.section == "comments":
            if state.section_opened_by == "heading" and is_named_comment(line):
                state.section_lines = 0  # "Ольга: …", "Дмитрий: …": a run of named remarks
                return "comments"
            if (state.section_lines <= MAX_COMMENT_LINES[state.section_opened_by]
                    and line_weight(line) < COMMENT_LINE):
                return "comments"
            state.section = None
    contacts = contact_spans(line, lex.contact) if cfg.remove_spam or cfg.remove_contacts else []
    if cfg.remove_spam:
        # judged without its hotline, which would otherwise dilute the keyword density
        if reason := spam_category(without_contacts(line, lex, contacts), lex):
            return reason
    if (cfg.remove_spam and CJK_IDEOGRAPH.search(line)
            and is_foreign_cjk_line(line, state.cjk_share())):
        return "spam:foreign-script"
    if cfg.remove_contacts and is_contact_line(line, lex, contacts):
        return "contact"
    if cfg.remove_chrome:
        if is_nav_line(line, lex):
            return "nav"
        if is_footer(line, lex):
            return "footer"
        if is_byline(line, lex):
            return "byline"
    if (spam_probability is not None and model_may_judge(line, lex)
            and spam_probability(line) >= cfg.spam_model_threshold):
        return "spam:model"
    if cfg.drop_duplicates and is_prose(line):
        key = line_key(state.sentences_of(line))
        if key in state.seen_lines:
            return "duplicate"
        state.seen_lines.add(key)
    return None


def may_end_with_marker(line: str, last_chars: frozenset[str]) -> bool:
    """Whether the line, less its trailing white space and one colon, ends in a character
    that a (case-folded) related-list marker ends with: a marker glued to the end needs it."""
    tail = line.rstrip()
    if tail.endswith((":", "：")):
        tail = tail[:-1].rstrip()
    return tail[-1:].casefold()[-1:] in last_chars


def applied(line: str, edits: list[Edit]) -> str:
    """The line with non-overlapping, position-sorted edits made."""
    if not edits:
        return line
    pieces, pos = [], 0
    for edit in edits:
        pieces += [line[pos:edit.start], edit.replacement]
        pos = edit.end
    pieces.append(line[pos:])
    return "".join(pieces)


def join_runs(runs: list[Edit], line: str, others: list[Edit]) -> list[Edit]:
    """Consecutive runs of one repair as one edit (the unchanged text between them included),
    except where another edit touches the text between them."""
    joined: list[Edit] = []
    for run in runs:
        if joined and not any(o.start < run.start and o.end > joined[-1].end for o in others):
            prev = joined[-1]
            joined[-1] = Edit(prev.start, run.end,
                              prev.replacement + line[prev.end:run.start] + run.replacement,
                              prev.reason)
        else:
            joined.append(run)
    return joined


def duplicate_cuts(line: str, cuts: list[Edit], seen: SentenceIndex,
                   keyed: list[tuple[int, int, str]] | None = None) -> list[Edit]:
    """Repeated sentences, looked for in the line as it reads once `cuts` are made: a hotline
    between two copies must not hide the second one until a second cleaning. `keyed`: the
    line's `keyed_sentences`, if known."""
    if not cuts:
        return [Edit(s, e, "", "duplicate")
                for s, e in duplicate_sentence_spans(line, seen, keyed)]
    kept = bytearray(b"\1") * len(line)
    for cut in cuts:
        kept[cut.start:cut.end] = bytes(cut.end - cut.start)
    positions = [i for i, keep in enumerate(kept) if keep]  # view index -> line index
    view = "".join(line[i] for i in positions)
    return [Edit(positions[s], positions[e - 1] + 1, "", "duplicate")
            for s, e in duplicate_sentence_spans(view, seen) if e > s]


def drop_overlaps(edits: list[Edit]) -> list[Edit]:
    """Keep the first of overlapping edits in priority order, then sort by position."""
    kept: list[Edit] = []
    for edit in edits:
        if all(edit.end <= k.start or edit.start >= k.end for k in kept):
            kept.append(edit)
    return sorted(kept, key=lambda e: e.start)


class Cleaner:
    """Holds the loaded resources (lexicons, converters, character model); cleans documents.

    The spam-line model is the registry's choice under `models_dir` (`spam_model_choice`);
    `version` and `config_hash` name it, e.g. `0.1.0+spam-lines-2`."""

    def __init__(self, cfg: CleanConfig | None = None, lexicon: ChromeLexicon | None = None,
                 *, models_dir: str | None = None, spam_pin: int | None = None):
        self.cfg = cfg or CleanConfig()
        self.lexicon = lexicon or ChromeLexicon.load()
        self.chinese = ChineseForms()
        # what the related-list markers end with: the trailing-marker pattern runs only there
        self.marker_ends = frozenset(m[-1] for m in self.lexicon.related_markers if m)
        self.mojibake = GbkShiftRepairer.load(self.chinese) if self.cfg.repair_mojibake else None
        chosen = spam_model_choice(self.cfg, models_dir, spam_pin)
        self.spam_model = SpamLineModel.load(chosen.path) if chosen else None
        self.version, self.config_hash = identity_with(self.cfg, chosen)

    def clean(self, raw: RawDoc) -> CleanDoc:
        """Decode, extract the main text and clean it. Raises DecodeError on unusable bytes."""
        decoded = decode_raw(raw)
        return self.clean_main(main_text_of(raw, decoded), doc_id=raw.doc_id, source=raw.source,
                               encoding=decoded.encoding)

    def spam_probability(self, line: str) -> float:
        return float(self.spam_model.probability([line])[0]) if self.spam_model else 0.0

    def repair_edits(self, line: str) -> tuple[list[Edit], list[Edit]]:
        """(GBK-shift repairs, ftfy repair runs) of a line; none when repairs are off."""
        if self.mojibake is None:
            return [], []
        return ([Edit(s, e, fixed, "mojibake:gbk-shift")
                 for s, e, fixed in self.mojibake.find_repairs(line)],
                [Edit(s, e, fixed, "mojibake:ftfy") for s, e, fixed in utf8_latin1_repairs(line)])

    def inline_edits(self, line: str, state: LineState,
                     repairs: tuple[list[Edit], list[Edit]]) -> list[Edit]:
        """Repairs and cuts inside a kept line, highest priority first."""
        gbk, ftfy_runs = repairs
        cuts = self.inline_cuts(line, state)
        return drop_overlaps(gbk + join_runs(ftfy_runs, line, cuts) + cuts)

    def inline_cuts(self, line: str, state: LineState) -> list[Edit]:
        """Cuts inside a kept line (duplicates, pinyin, markers, contacts), by priority."""
        edits = self.noise_cuts(line)
        if self.cfg.drop_duplicates and is_prose(line):
            keyed = None if edits else state.sentences_of(line)
            edits = duplicate_cuts(line, edits, state.seen_sentences, keyed) + edits
        return edits

    def noise_cuts(self, line: str) -> list[Edit]:
        """Pinyin, a glued related-list marker and contacts inside a line."""
        edits: list[Edit] = []
        if self.cfg.strip_pinyin:
            edits += [Edit(s, e, "", "pinyin") for s, e in pinyin_spans(line)]
        if (self.cfg.remove_chrome and self.lexicon.trailing_marker is not None
                and may_end_with_marker(line, self.marker_ends)):
            # "…abstract text. 相似文献": a database's marker glued to the end of a paragraph
            marker = self.lexicon.trailing_marker.search(line)
            if marker and marker.start() > 0:
                edits.append(Edit(marker.start(), marker.end(), "", "related-list"))
        if self.cfg.remove_contacts:
            edits += [Edit(s, e, "", "contact")
                      for s, e in contact_spans(line, self.lexicon.hotline)]
        return edits

    def clean_main(self, main: MainText, *, doc_id: str, source: str,
                   encoding: str | None = None) -> CleanDoc:
        """Clean extracted main text line by line, keeping offset bookkeeping exact."""
        text_parts: list[str] = []
        paragraphs: list[Paragraph] = []
        removed: list[Removed] = []
        repaired: list[Repaired] = []
        lines = main.text.split("\n")
        state = LineState(page_lines=lines)
        offset = 0
        cursor = 0  # length of the clean text built so far
        for i, line in enumerate(lines):
            line_start = offset
            offset += len(line) + 1
            if not line.strip():
                continue
            following = lines[i + 1:i + 4]
            repairs = self.repair_edits(line)
            # A line is judged as it will read once repaired, so cleaning the clean text
            # judges it the same way (spam written in mojibake is still spam).
            judged = applied(line, drop_overlaps(repairs[0] + repairs[1])) if any(repairs) else line
            reason = line_removal_reason(
                judged, following, state,
                self.lexicon, self.cfg,
                self.spam_probability if self.spam_model is not None else None)
            at = cursor + (1 if text_parts else 0)
            if reason:
                removed.append(Removed(line_start, line_start + len(line), cursor, reason, line))
                continue
            pieces: list[str] = []
            pos = 0
            new_len = 0
            pending_removed: list[Removed] = []
            pending_repaired: list[Repaired] = []
            for edit in self.inline_edits(line, state, repairs):
                pieces.append(line[pos:edit.start])
                new_len += edit.start - pos
                original = line[edit.start:edit.end]
                if edit.replacement:
                    pending_repaired.append(Repaired(
                        line_start + edit.start, line_start + edit.end, new_len, edit.reason,
                        original, edit.replacement))
                else:
                    pending_removed.append(Removed(
                        line_start + edit.start, line_start + edit.end, new_len, edit.reason,
                        original))
                pieces.append(edit.replacement)
                new_len += len(edit.replacement)
                pos = edit.end
            pieces.append(line[pos:])
            new_line = "".join(pieces)
            # Strip the white space around the line, but never into a repair: its `after`
            # must stay in the text where `at` says.
            fixes = [(r.at, r.at + len(r.after)) for r in pending_repaired]
            lead = min([len(new_line) - len(new_line.lstrip())] + [a for a, _ in fixes])
            end = max([len(new_line.rstrip())] + [b for _, b in fixes])
            new_line = new_line[lead:end]
            if not new_line.strip():
                removed.extend(Removed(r.start, r.end, cursor, r.reason, r.text)
                               for r in pending_removed)
                continue
            for r in pending_removed:
                r.at = at + min(max(r.at - lead, 0), len(new_line))
            for r in pending_repaired:
                r.at = at + max(r.at - lead, 0)
            removed.extend(pending_removed)
            repaired.extend(pending_repaired)
            if text_parts:
                text_parts.append("\n")
            paragraphs.append(Paragraph(start=at, end=at + len(new_line), lang="und"))
            text_parts.append(new_line)
            cursor = at + len(new_line)
        text = "".join(text_parts)
        text_search = self.chinese.search_form(text)
        assign_languages(paragraphs, text)
        disordered = footnote_disorder([text[p.start:p.end] for p in paragraphs])
        for idx, p in enumerate(paragraphs):
            if idx in disordered or looks_spun(text[p.start:p.end], self.lexicon.ordinals):
                p.flags.append("spun")
            if p.lang == "zh":
                p.script = self.chinese.script(text[p.start:p.end], text_search[p.start:p.end])
        fill_undetermined(paragraphs)
        pair_translations(paragraphs, text)
        return CleanDoc(
            doc_id=doc_id, source=source, title=main.title, date=main.date,
            lang=document_language(paragraphs), cleaner_version=self.version,
            config_hash=self.config_hash, main_text=main.text, text=text,
            text_search=text_search, paragraphs=paragraphs, removed=removed,
            repaired=repaired, author=main.author, site=main.site, encoding=encoding,
        )
