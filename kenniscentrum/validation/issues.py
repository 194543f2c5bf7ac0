"""Issues (one content problem each) and the registry of rules that produce them.

Every problem the checker reports is an :class:`Issue`: file, line, rule id, what is wrong and how to fix it.
Rule ids are stable (editors search for them): ``KC0xx`` file and YAML level, ``KC1xx`` front-matter schema,
``KC2xx`` Markdown body, ``KC3xx`` across pages (nl/en and per manual), ``KC4xx`` shared data files.
``docs/content-model.md`` lists them all; it is generated from :data:`RULES`.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Issue:
    path: str
    line: int
    rule: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule} {self.message} — fix: {self.fix}"

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "rule": self.rule, "message": self.message, "fix": self.fix}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    fix: str  # the generic how-to-fix text; an issue may carry a more specific one


RULES: dict[str, Rule] = {}


def rule(id: str, title: str, fix: str) -> Rule:
    if id in RULES:
        raise ValueError(f"rule {id} registered twice")
    RULES[id] = Rule(id, title, fix)
    return RULES[id]


def make_issue(rule_id: str, path: str, line: int, message: str, fix: str | None = None) -> Issue:
    """An issue for a registered rule; ``fix`` defaults to the rule's generic fix."""
    r = RULES[rule_id]
    return Issue(path, max(int(line), 1), rule_id, message, fix or r.fix)


# --- KC0xx: the file itself and its YAML front matter ---------------------------------------------------------------
rule("KC001", "File is not valid UTF-8",
     "Save the file as UTF-8 (in most editors: 'Save with encoding' → UTF-8).")
rule("KC002", "File contains a NUL byte",
     "Remove the NUL (\\0) character; it usually comes from copying out of a binary file or a word processor.")
rule("KC003", "No front matter",
     "Start the file with a '---' line, the front-matter keys (at least `type`), and a closing '---' line.")
rule("KC004", "Front matter is never closed",
     "End the front matter with a line containing only '---' (followed by a newline).")
rule("KC005", "YAML syntax error in the front matter",
     "Correct the YAML at the given line; quote values containing ': ' or ' #', and indent with spaces, not tabs.")
rule("KC006", "Duplicate key",
     "Keep one of the two keys; a repeated key would silently overwrite the first.")
rule("KC007", "YAML anchor or alias used",
     "Write the value out in full: anchors (&name) and aliases (*name) are not allowed in front matter.")
rule("KC008", "Front matter is not a mapping",
     "Write the front matter as `key: value` lines, one key per line.")
rule("KC009", "Unsupported YAML tag",
     "Remove the '!' tag; write a plain value (quote it if it must stay text).")
rule("KC010", "Key is not plain text",
     "Use simple lowercase key names such as `title:`; keys must be text, not numbers, lists or dates.")
rule("KC011", "Front matter nested too deeply",
     "Flatten the data: front matter never needs more than a few levels of nesting.")
# Files MkDocs or mkdocs-static-i18n would drop, publish as raw text, or build without these checks (issue 14).
rule("KC012", "Hidden Markdown file",
     "Rename the file (or folder) without the leading dot: MkDocs skips names starting with '.', so the page would "
     "silently be missing.")
rule("KC013", "Markdown file outside content/nl/ and content/en/",
     "Move the file into content/nl/ or content/en/ (same path in both languages): no other folder is built as a "
     "page of the portal.")
rule("KC014", "Markdown file whose name does not end in .md",
     "Rename the file so that its name ends in lowercase `.md` (e.g. `x.MD` or `x.markdown` → `x.md`).")
rule("KC015", "Two files for the same page",
     "Keep one file per page address: merge them into the folder's `index.md` (`x.md`, `x/index.md` and "
     "`x/README.md` all become the page `x/`).")

# --- KC1xx: front-matter schema -------------------------------------------------------------------------------------
rule("KC101", "Unknown or missing page type",
     "Set `type:` to one of the content types listed in docs/content-model.md.")
rule("KC102", "Unknown key",
     "Remove the key or correct its spelling; docs/content-model.md lists the keys of each type.")
rule("KC103", "Required key missing",
     "Add the key; docs/content-model.md shows an example page for each type.")
rule("KC104", "Value has the wrong type",
     "Write the value in the form docs/content-model.md gives for this key (text, whole number, list, …).")
rule("KC105", "Value not allowed",
     "Use one of the allowed ids (they come from data/vocabularies/<lang>.yml or the schema).")
rule("KC106", "SDG number out of range",
     "Use the number of a Sustainable Development Goal, 1 to 17.")
rule("KC107", "Invalid date",
     "Write the date as YYYY-MM-DD, e.g. 2026-11-01, and check that the day exists.")
rule("KC108", "Review interval: need exactly one of review_every and next_review",
     "Keep either `review_every` (months) or `next_review` (a date), not both and not neither.")
rule("KC109", "Title too long",
     "Shorten the title to at most 90 characters; details belong in the summary.")
rule("KC110", "Summary too long",
     "Shorten the summary to one or two sentences of at most 300 characters in total.")
rule("KC111", "Empty value",
     "Fill in the value (for `owner`: a team or role, never a person's name) or remove the optional key.")
rule("KC112", "Checklist missing for a checklist instrument",
     "Add `checklist: {sections: [...]}` or change `kind`.")
rule("KC113", "Checklist on an instrument that is not a checklist",
     "Remove `checklist:` or set `kind: checklist`.")
rule("KC114", "Worksheet missing for a working instrument",
     "Add `worksheet: {sections: [...]}` or change `kind`.")
rule("KC115", "Worksheet on an instrument that is not a working instrument",
     "Remove `worksheet:` or set `kind: working-instrument`.")
rule("KC116", "Duplicate id",
     "Give every section, item, field and term its own id; ids must be unique within their list.")
rule("KC117", "Invalid id",
     "Use lowercase letters, digits and hyphens only, starting with a letter or digit (e.g. `kanalen-intern`).")
rule("KC118", "Translation key on a Dutch page",
     "Remove `source_hash`/`awaiting_translation`: they only belong on English pages.")
rule("KC119", "Number out of range",
     "Use a whole number within the range given in the message.")
rule("KC120", "List is empty",
     "Give at least one value; an empty list hides the page from the filters.")
rule("KC121", "Repeated value in a list",
     "List each value once.")
rule("KC122", "Template does not exist",
     "Use the name of a template that exists in overrides/, or remove `template:`.")
rule("KC123", "Dates in the wrong order",
     "Check the dates: an end or next review must come after the start or last review.")
rule("KC124", "Legal obligation without a public source",
     "Add `source: {title: …, url: https://…}` naming the law or official page you read, or set "
     "`obligation: voluntary`.")
rule("KC125", "Scan missing for a scan instrument",
     "Add `scan: {themes: [...]}` or change `kind`.")
rule("KC126", "Scan on an instrument that is not a scan",
     "Remove `scan:` or set `kind: scan`.")
rule("KC127", "Markup, line break or control character in plain text",
     "Write plain text on one line: no < or > (write 'less than' / 'more than' or use ≤ ≥), no HTML, no line "
     "breaks or tabs (keep a long value on one line; YAML `>-` folds lines into one), no invisible control "
     "characters (retype the text if it was pasted from a word processor).")

# --- KC2xx: Markdown body -------------------------------------------------------------------------------------------
rule("KC201", "Link target does not exist",
     "Link to an existing .md file in the same language tree, with a relative path (e.g. ../instrumenten/x.md).")
rule("KC202", "Anchor does not exist in the target page",
     "Use an anchor that exists: a heading's id (as shown in its link) or an explicit {#id}.")
rule("KC203", "Image does not exist",
     "Add the image file or correct the path; paths are relative to the page's folder.")
rule("KC204", "HTML element not allowed",
     "Use Markdown instead, or one of the allowed elements listed in docs/content-model.md.")
rule("KC205", "HTML event-handler attribute",
     "Remove the on…= attribute: content may not contain scripts.")
rule("KC206", "Script URL",
     "Remove the javascript: (or vbscript:) URL: content may not contain scripts.")
rule("KC207", "Unknown component or shortcode",
     "Use a supported admonition (!!! or ??? with note, tip, warning, info, example or quote) or plain Markdown.")
rule("KC208", "Template syntax in content",
     "Remove the {{ … }} / {% … %} / {# … #}: templates are not evaluated in content; wrap code samples in backticks.")
rule("KC209", "Link leaves the language tree",
     "Link within the same language: nl pages link to nl pages; the language switcher handles the other language.")
rule("KC210", "Absolute internal link",
     "Use a relative link to the .md file (e.g. ../over/index.md); absolute paths break under /en/.")
rule("KC211", "Link to a page that does not point at its .md file",
     "Link to the page's .md source file (e.g. ../instrumenten/index.md), not to a folder or .html URL.")
rule("KC212", "Code fence never closed",
     "Close the code block with the same fence (``` or ~~~) that opened it.")
rule("KC213", "Duplicate explicit id",
     "Give each {#id} / id=\"…\" on the page a different value.")
rule("KC214", "Content loads a resource by itself",
     "Remove the attribute: content may not make the reader's browser fetch anything (no src from another site, "
     "srcset, poster, data, background, ping, formaction, xlink:href or style). Put images in content/ and link them "
     "with a relative path; link to other sites with an ordinary link.")
rule("KC215", "HTML attribute not allowed",
     "Remove the attribute (also from `{: …}` attribute lists); docs/content-model.md lists the allowed ones: id, "
     "class, title, lang, dir everywhere, plus a few per element such as href on <a> and src/alt on <img>.")
rule("KC216", "Link target scheme not allowed",
     "Link with https:// (or http://), mailto:, a #anchor or a relative path to a page of this site; other schemes "
     "(data:, file:, ftp:, …) and protocol-relative //host links are not allowed.")
rule("KC217", "HTML a browser reads differently",
     "Remove the malformed comment or declaration: write comments as <!-- text -->, without --!>, <!-- inside, "
     "<![CDATA[ or <!DOCTYPE.")
rule("KC218", "File in content/ that can run code",
     "Remove the file: content/ holds Markdown pages, images (PNG, JPEG, GIF, WebP, AVIF, plain SVG) and documents "
     "(PDF, office files); HTML, JavaScript or XML files and SVGs with scripts or links are not allowed.")

# --- KC3xx: across pages --------------------------------------------------------------------------------------------
rule("KC301", "Checklist ids differ between nl and en",
     "Use the same section and item ids in the Dutch and English page; only the text is translated.")
rule("KC302", "Worksheet ids differ between nl and en",
     "Use the same section and field ids in the Dutch and English page; only the text is translated.")
rule("KC303", "Glossary ids differ between nl and en",
     "Use the same term ids in the Dutch and English glossary; only the text is translated.")
rule("KC304", "Chapter order used twice in a manual",
     "Give every chapter of the manual its own `order` number (per language).")
rule("KC305", "Guidance part missing",
     "Add the level-2 heading with its fixed anchor, e.g. `## Waarom? {#why}` / `## Why? {#why}`.")
rule("KC306", "Page type differs between nl and en",
     "Give the Dutch and English page the same `type`.")
rule("KC307", "Facets differ between nl and en",
     "Use the same ids (kind, themes, audiences, company size, SDGs, ISO 26000, PDCA) in both languages.")
rule("KC308", "Published Dutch page has no English page",
     "Run `python -m kenniscentrum new <type> <path>` to add an English placeholder, or write content/en/<path>.")

rule("KC309", "Scan questions differ between nl and en",
     "Use the same themes and question ids, in the same order, with the same weight, obligation, recommends and "
     "vsme in the Dutch and English scan; only the text is translated.")
rule("KC310", "Recommended instrument does not exist",
     "Point `recommends` at an instrument page of the same language, as a path under content/<lang>/ "
     "(e.g. instrumenten/gids-starten-met-mvo.md).")

# --- KC4xx: shared data files ---------------------------------------------------------------------------------------
rule("KC401", "Vocabulary file invalid",
     "Correct data/vocabularies/<lang>.yml: a mapping of lists of {id, label} entries.")
rule("KC402", "Vocabulary ids differ between languages",
     "Use the same ids, in the same lists, in data/vocabularies/nl.yml and en.yml; only labels differ.")

# --- KC9xx: the checker itself --------------------------------------------------------------------------------------
rule("KC999", "Internal checker error",
     "This is a bug in the checker, not in your content: report it with the file attached.")
