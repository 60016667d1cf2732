/**
 * Coverage: how much of each source document a profile encodes.
 *
 * For every document a profile declares (`documents`, files under specs/sources/), the documented tables are
 * extracted from the document text, and each table row is looked up among the profile's rows: a row encodes a
 * document row when its `source` (or one of its `seeAlso`) names that `file#table` and its key, or one of its
 * `covers` labels, matches the document row's label (the first cell, or each item of a compound first cell).
 *
 * A profile's coverage is what its rows encode of the documents it declares itself; documents its parent declares
 * are the parent's to cover. So profiles can be passed as written or as the loader merges them.
 *
 * Extraction, per format:
 *  - markdown: pipe tables under their nearest heading (a short `Caption:` line just above a table names it
 *    instead), and `<Accordion title="...">` groups under a heading, one row per accordion;
 *  - flattened web pages (.txt): pipe tables whose rows lost the leading pipe, Mintlify tables whose cells were
 *    glued together (`max_tokensIgnored` under a `FieldSupport Status` header), and API-reference parameter lists
 *    (a field name line followed by a type line);
 *  - anything else (prose, bullet lists): an explicit inventory in the profile (`documents.<file>.tables.<title>.rows`),
 *    each label checked to occur verbatim in that section's text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Profile, TableScope } from './profile.types.js';
import { loadProfile, OBJECT_SECTIONS, profileFileOf, ROW_SECTIONS } from './load.js';

// ---------------------------------------------------------------------------------------------------------------
// Document extraction

export interface DocRow {
  /** The row's label: its first cell (or the `labelColumns` cells), markdown removed. */
  label: string;
  /** The items a compound label lists (`tools, tool_choice` → two); a simple label is its own single item. */
  atoms: string[];
  /** All cells, markdown removed. */
  cells: string[];
}

export interface DocTable {
  title: string;
  kind: 'table' | 'flattened' | 'params' | 'accordions' | 'inventory';
  header: string[];
  rows: DocRow[];
}

export interface ParsedDocument {
  file: string;
  /** Heading, caption and table titles, in document order (markdown removed): what a `source` may name. */
  sections: string[];
  tables: DocTable[];
  /** The text under a heading, up to the next heading (undefined when there is no such section). */
  sectionText(title: string): string | undefined;
}

/** Removes inline markdown: backslash escapes, code spans' backticks, bold/italic markers, links. */
export function stripMarkdown(s: string): string {
  return s
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/`/g, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Comparison form of a label or title: markdown removed, quotes dropped, case folded. */
export function normalise(s: string): string {
  return stripMarkdown(s)
    .replace(/[“”"‘’']/g, '')
    .toLowerCase();
}

function dropParentheticals(s: string): string {
  return s
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/\s*\[[^\]]*\]/g, '')
    .trim();
}

/** Splits a string at commas that are not inside (), [], {} or a code span. */
function splitTopLevel(s: string, sep: RegExp): string[] {
  const out: string[] = [];
  let depth = 0;
  let code = false;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '`') code = !code;
    else if (!code && '([{'.includes(c)) depth++;
    else if (!code && ')]}'.includes(c)) depth = Math.max(0, depth - 1);
    if (!code && depth === 0 && sep.test(c)) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x.length > 0);
}

const IDENTISH = /^(?:(?:GET|POST|DELETE|PUT|PATCH) )?[\w.[\]/*{}<>-]+(?: \([^)]*\))?$/;

/**
 * The items a first cell lists. `` `a` / `b` `` and `` `a`, `b` `` give the code spans; `a, b, c` gives the
 * parts when every part is an identifier-like token (optionally `POST /path`); anything else is one item.
 */
export function atomsOf(rawCell: string): string[] {
  const cell = rawCell.trim();
  const withoutQualifiers = cell.replace(/\s*\([^)`]*\)/g, '').replace(/\s*\[[^\]`]*\]/g, '');
  if (/^`[^`]+`(?:\s*[,/]\s*`[^`]+`)+$/.test(withoutQualifiers.trim())) {
    return [...withoutQualifiers.matchAll(/`([^`]+)`/g)].map((m) => m[1].trim());
  }
  const plain = stripMarkdown(cell);
  const parts = splitTopLevel(plain, /,/);
  if (parts.length > 1 && parts.every((p) => IDENTISH.test(p))) return parts;
  return [plain];
}

const FENCE = /^\s*(```|~~~)/;
const MD_HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$/;
const TYPE_LINE = /^(?:[A-Za-z]+ · )?(?:string|integer|number|boolean|object|enum<\w+>)(?:\[\])?(?: \| (?:null|string|integer|number|boolean|object))*$/;
const PARAM_NAME = /^[a-z][a-z0-9_-]*$/;
const PARAM_MARKERS = new Set(['required', 'optional', 'header', 'query', 'path', 'body', 'cookie', 'deprecated']);
const FLAT_HEADER = /^[A-Z][a-z]+[A-Z][A-Za-z]*(?: [A-Z][a-z]+)*$/;
const FLAT_ROW = /^([a-z0-9_.[\]-]+?)([A-Z“"].*)$/;

function splitPipeRow(line: string): string[] {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|') && !t.endsWith('\\|')) t = t.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < t.length; i++) {
    if (t[i] === '\\' && t[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (t[i] === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += t[i];
  }
  cells.push(cur.trim());
  return cells;
}

function isTxtHeading(line: string): boolean {
  const t = line.trim();
  if (!/^[A-Z]/.test(t)) return false;
  if (/[.:,;!?]$/.test(t)) return false;
  if (/[|:"“”]/.test(t)) return false;
  if (TYPE_LINE.test(t)) return false;
  return t.split(/\s+/).length <= 8;
}

interface Heading {
  line: number;
  title: string;
}

/** Parses a source document into its sections and tables. `file` decides the format (`.md` or flattened text). */
export function parseDocument(file: string, text: string): ParsedDocument {
  const lines = text.split(/\r?\n/);
  const markdown = /\.(md|mdx|markdown)$/i.test(file);
  const consumed = new Set<number>();
  /** Tables with the line they start on; titles are filled in once the headings are known. */
  const found: { line: number; table: DocTable }[] = [];
  const captions: Heading[] = [];

  // Code fences (markdown): their lines are neither headings nor tables.
  const inFence = new Array<boolean>(lines.length).fill(false);
  if (markdown) {
    let open = false;
    lines.forEach((l, i) => {
      if (FENCE.test(l)) {
        inFence[i] = true;
        open = !open;
      } else inFence[i] = open;
    });
  }

  // Pipe tables (both formats; flattened pages keep the pipes but may lose the leading one).
  for (let i = 1; i < lines.length; i++) {
    if (inFence[i] || !SEPARATOR.test(lines[i]) || !lines[i - 1].includes('|')) continue;
    const header = splitPipeRow(lines[i - 1]).map(stripMarkdown);
    const rows: DocRow[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j].includes('|') && !inFence[j]; j++) {
      const cells = splitPipeRow(lines[j]);
      rows.push({ label: stripMarkdown(cells[0] ?? ''), atoms: atomsOf(cells[0] ?? ''), cells: cells.map(stripMarkdown) });
    }
    for (let k = i - 1; k < j; k++) consumed.add(k);
    found.push({ line: i - 1, table: { title: '', kind: 'table', header, rows } });
    // A short caption line ("Content parts:") just above the header names the table.
    let c = i - 2;
    while (c >= 0 && lines[c].trim() === '') c--;
    if (c >= 0 && /^[^|#>].{0,58}:$/.test(lines[c].trim()) && !MD_HEADING.test(lines[c])) {
      captions.push({ line: c, title: stripMarkdown(lines[c].trim().slice(0, -1)) });
    }
    i = j;
  }

  if (!markdown) {
    // Flattened Mintlify tables: a header of glued cells (`FieldSupport Status`), then rows `labelStatus`.
    for (let i = 0; i < lines.length; i++) {
      if (consumed.has(i) || !FLAT_HEADER.test(lines[i].trim())) continue;
      const rows: DocRow[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const m = FLAT_ROW.exec(lines[j].trim());
        if (!m) break;
        rows.push({ label: m[1], atoms: [m[1]], cells: [m[1], m[2].trim()] });
      }
      if (rows.length < 2) continue;
      const h = lines[i].trim();
      const cut = h.search(/[a-z][A-Z]/) + 1;
      for (let k = i; k < j; k++) consumed.add(k);
      found.push({ line: i, table: { title: '', kind: 'flattened', header: [h.slice(0, cut), h.slice(cut)], rows } });
      i = j - 1;
    }
  }

  // Headings.
  const headings: Heading[] = [];
  lines.forEach((l, i) => {
    if (consumed.has(i) || inFence[i]) return;
    if (markdown) {
      const m = MD_HEADING.exec(l);
      if (m) headings.push({ line: i, title: stripMarkdown(m[2]) });
    } else if (isTxtHeading(l) && !(i + 1 < lines.length && TYPE_LINE.test(lines[i + 1].trim()))) {
      headings.push({ line: i, title: l.trim() });
    }
  });
  const titled = [...headings, ...captions].sort((a, b) => a.line - b.line);
  const headingBefore = (line: number): string => [...titled].reverse().find((h) => h.line < line)?.title ?? file;
  for (const f of found) f.table.title = headingBefore(f.line);

  // Lists grouped under their heading: API-reference parameters (flattened pages), accordions (markdown).
  const groups = new Map<string, { line: number; rows: DocRow[] }>();
  const group = (line: number, row: DocRow) => {
    const title = headingBefore(line);
    if (!groups.has(title)) groups.set(title, { line, rows: [] });
    groups.get(title)!.rows.push(row);
  };
  lines.forEach((l, i) => {
    if (inFence[i] || consumed.has(i)) return;
    if (markdown) {
      const m = /<Accordion\s+title="([^"]+)"/.exec(l);
      if (m) group(i, { label: m[1], atoms: [m[1]], cells: [m[1]] });
      return;
    }
    // `name` then a type line; `required` / `header` / ... are markers under a type line, not field names.
    const name = l.trim();
    const type = lines[i + 1]?.trim() ?? '';
    if (PARAM_NAME.test(name) && !PARAM_MARKERS.has(name) && TYPE_LINE.test(type)) group(i, { label: name, atoms: [name], cells: [name, type] });
  });
  for (const [title, g] of groups) {
    found.push({
      line: g.line,
      table: { title, kind: markdown ? 'accordions' : 'params', header: markdown ? ['Accordion'] : ['Field', 'Type'], rows: g.rows },
    });
  }

  // In document order; two tables under one heading: number the later ones.
  const tables = found.sort((a, b) => a.line - b.line).map((f) => f.table);
  const seen = new Map<string, number>();
  for (const t of tables) {
    const n = (seen.get(t.title) ?? 0) + 1;
    seen.set(t.title, n);
    if (n > 1) t.title = `${t.title} (${n})`;
  }

  const sections = [...new Set([...titled.map((h) => h.title), ...tables.map((t) => t.title)])];
  return {
    file,
    sections,
    tables,
    sectionText(title: string) {
      const n = normalise(title);
      const at = titled.find((h) => normalise(h.title) === n);
      if (!at) return undefined;
      const next = headings.find((h) => h.line > at.line);
      return lines.slice(at.line + 1, next ? next.line : lines.length).join('\n');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Profile rows

/** One row of a profile, whatever its area: what coverage and source checks need of it. */
export interface ProfileRowRef {
  /** `request.max_tokens`, `target`, `errorEnvelope`, ... */
  id: string;
  key: string;
  source?: string;
  seeAlso: string[];
  covers: string[];
  note?: string;
}

interface RowLike {
  source?: string;
  seeAlso?: string[];
  covers?: string[];
  note?: string;
}

/** Every row of a profile, whatever its area, in a stable order (scalar sections first). */
export function profileRows(profile: Profile): ProfileRowRef[] {
  const out: ProfileRowRef[] = [];
  const add = (id: string, key: string, r: RowLike) => out.push({ id, key, source: r.source, seeAlso: r.seeAlso ?? [], covers: r.covers ?? [], note: r.note });
  for (const s of OBJECT_SECTIONS) {
    const r = profile[s] as RowLike | undefined;
    if (r) add(s, s, r);
  }
  // `documents` are what the rows cite, not rows.
  for (const s of ROW_SECTIONS.filter((x) => x !== 'documents')) {
    const m = profile[s] as Record<string, RowLike> | undefined;
    for (const [k, r] of Object.entries(m ?? {})) add(`${s}.${k}`, k, r);
  }
  return out;
}

/** Splits `file#title` at the first `#`. */
export function splitSource(source: string): { file: string; title: string } {
  const i = source.indexOf('#');
  return { file: source.slice(0, i), title: source.slice(i + 1) };
}

// ---------------------------------------------------------------------------------------------------------------
// Coverage

export interface TableCoverage {
  table: string;
  kind: DocTable['kind'];
  /** Rows in scope. */
  total: number;
  /** Rows in scope that some profile row encodes (directly or through the superseding document). */
  encoded: number;
  /** Of `encoded`: rows encoded only through the document that supersedes this one. */
  via: number;
  /** Labels of rows in scope that nothing encodes (for compound rows, with the missing items). */
  missing: string[];
  /** Set when the whole table is declared out of scope: the reason (then `total` is 0). */
  outOfScope?: string;
  /** For a table out of scope: how many rows it has. */
  rowsInTable?: number;
  rowsOutOfScope: { label: string; reason: string }[];
}

export interface Conflict {
  table: string;
  label: string;
  /** The older document's cell. */
  old: string;
  /** The superseding document's cell. */
  current: string;
  /** Rows encoding the superseding row. */
  rows: string[];
  /** Those of `rows` whose note names the older document. */
  notedOn: string[];
  /** Whether the conflict is noted next to a row (`notedOn` is not empty). */
  noted: boolean;
}

export interface DocumentCoverage {
  document: string;
  supersededBy?: string;
  tables: TableCoverage[];
  conflicts: Conflict[];
}

export interface ProfileCoverage {
  profile: string;
  documents: DocumentCoverage[];
  /** Declarations that do not match the documents (unknown titles, inventory labels not in the text, dangling covers, unnoted conflicts). */
  problems: string[];
  /** Every in-scope row of every declared document encoded, and no problems. */
  complete: boolean;
}

export interface CoverageReport {
  profiles: ProfileCoverage[];
  complete: boolean;
}

const parsedCache = new Map<string, ParsedDocument>();

/** Reads and parses a document under `sourcesDir` (cached per path and content). */
export function loadDocument(sourcesDir: string, file: string): ParsedDocument {
  const path = join(sourcesDir, file);
  const text = readFileSync(path, 'utf8');
  const key = `${path}\u0000${text}`;
  let d = parsedCache.get(key);
  if (!d) {
    d = parseDocument(file, text);
    parsedCache.set(key, d);
  }
  return d;
}

/** The tables coverage reads for one document: parsed tables, relabelled and replaced by the profile's declarations. */
function tablesOf(doc: ParsedDocument, scopes: Record<string, TableScope>, problems: string[]): DocTable[] {
  const tables = doc.tables.map((t) => ({ ...t }));
  for (const [title, scope] of Object.entries(scopes)) {
    const n = normalise(title);
    const idx = tables.findIndex((t) => normalise(t.title) === n);
    const text = doc.sectionText(title);
    if (idx < 0 && text === undefined) {
      problems.push(`${doc.file}: tables."${title}" names no table or section of the document`);
      continue;
    }
    if (scope.rows) {
      const body = text ?? '';
      const flat = body.replace(/\s+/g, ' ');
      for (const label of scope.rows) {
        if (!body.includes(label) && !flat.includes(label.replace(/\s+/g, ' '))) {
          problems.push(`${doc.file}#${title}: inventory row "${label}" does not occur in the section's text`);
        }
      }
      const inv: DocTable = {
        title: idx >= 0 ? tables[idx].title : title,
        kind: 'inventory',
        header: ['Row'],
        rows: scope.rows.map((r) => ({ label: r, atoms: [r], cells: [r] })),
      };
      if (idx >= 0) tables[idx] = inv;
      else tables.push(inv);
    } else if (scope.labelColumns && idx >= 0) {
      const t = tables[idx];
      const cols = scope.labelColumns.map((c) => t.header.findIndex((h) => normalise(h) === normalise(c)));
      if (cols.some((c) => c < 0)) {
        problems.push(`${doc.file}#${title}: labelColumns ${JSON.stringify(scope.labelColumns)} not all in header ${JSON.stringify(t.header)}`);
      } else {
        tables[idx] = {
          ...t,
          rows: t.rows.map((r) => {
            const label = cols.map((c) => r.cells[c] ?? '').join(' ');
            return { ...r, label, atoms: [label] };
          }),
        };
      }
    } else if (idx < 0 && !scope.outOfScope) {
      problems.push(`${doc.file}#${title}: a section without a parsed table needs an inventory (rows) or outOfScope`);
    }
  }
  return tables;
}

function atomMatches(candidate: string, atom: string): boolean {
  const c = normalise(candidate);
  return c === normalise(atom) || c === normalise(dropParentheticals(atom));
}

function refersTo(row: ProfileRowRef, file: string, title: string): boolean {
  const t = normalise(title);
  return [row.source, ...row.seeAlso].some((s) => {
    if (!s) return false;
    const r = splitSource(s);
    return r.file === file && normalise(r.title) === t;
  });
}

interface RowResult {
  row: DocRow;
  outOfScope?: string;
  missingAtoms: string[];
  encoders: string[];
}

function coverTable(file: string, table: DocTable, rows: ProfileRowRef[], scope: TableScope | undefined): RowResult[] {
  const relevant = rows.filter((r) => refersTo(r, file, table.title));
  return table.rows.map((row) => {
    const reason = scope?.outOfScope ?? Object.entries(scope?.rowsOutOfScope ?? {}).find(([l]) => normalise(l) === normalise(row.label))?.[1];
    const encoders = new Set<string>();
    const missingAtoms: string[] = [];
    for (const atom of row.atoms) {
      const hits = relevant.filter((r) => [r.key, ...r.covers].some((c) => atomMatches(c, atom)));
      if (hits.length === 0) missingAtoms.push(atom);
      hits.forEach((h) => encoders.add(h.id));
    }
    return { row, outOfScope: reason, missingAtoms, encoders: [...encoders] };
  });
}

/** Documents declared by a profile's ancestors: from the list when the parent is in it, else from specs/. */
function inheritedDocuments(profile: Profile, profiles: Profile[], seen: string[] = []): Set<string> {
  if (!profile.extends || seen.includes(profile.extends) || profile.extends === profile.profile) return new Set();
  let parent: Profile | undefined = profiles.find((p) => p.profile === profile.extends);
  if (!parent) {
    try {
      parent = loadProfile(profile.extends).profile;
    } catch {
      return new Set();
    }
  }
  return new Set([...Object.keys(parent.documents ?? {}), ...inheritedDocuments(parent, profiles, [...seen, profile.profile])]);
}

/**
 * Coverage of each profile's declared documents by the profile's own rows. `profiles` are profiles as written
 * (before `extends` is merged); `sourcesDir` holds the documents (specs/sources/).
 */
export function coverage(profiles: Profile[], sourcesDir: string): CoverageReport {
  // A profile kept outside this repository keeps its documents beside it (or in sources/ beside it).
  const dirsOf = (profile: Profile): string[] => {
    const file = profileFileOf(profile);
    const own = file ? [dirname(file), join(dirname(file), 'sources')] : [];
    return [...own.filter((d) => resolve(d) !== resolve(sourcesDir)), sourcesDir];
  };
  const out: ProfileCoverage[] = [];
  for (const profile of profiles) {
    const problems: string[] = [];
    const rows = profileRows(profile);
    // A parent's documents are the parent's to cover, so a profile already merged with its parent (as the loader
    // returns it) reports only its own documents.
    const inherited = inheritedDocuments(profile, profiles);
    const docs = Object.entries(profile.documents ?? {}).filter(([file]) => !inherited.has(file));
    const results = new Map<string, { doc: ParsedDocument; tables: DocTable[]; rows: Map<string, RowResult[]> }>();
    const usedCovers = new Set<string>();

    for (const [file, decl] of docs) {
      const dirs = dirsOf(profile);
      const dir = dirs.find((d) => existsSync(join(d, file)));
      let doc: ParsedDocument;
      try {
        doc = loadDocument(dir ?? sourcesDir, file);
      } catch {
        problems.push(`${file}: declared in documents but not found under ${dirs.join(' or ')}`);
        continue;
      }
      const scopes = decl.tables ?? {};
      const tables = tablesOf(doc, scopes, problems);
      const byTable = new Map<string, RowResult[]>();
      for (const t of tables) {
        const scope = Object.entries(scopes).find(([k]) => normalise(k) === normalise(t.title))?.[1];
        const res = coverTable(file, t, rows, scope);
        byTable.set(t.title, res);
        for (const [label] of Object.entries(scope?.rowsOutOfScope ?? {})) {
          if (!t.rows.some((r) => normalise(r.label) === normalise(label))) {
            problems.push(`${file}#${t.title}: rowsOutOfScope "${label}" is not a row of the table`);
          }
        }
        for (const r of rows.filter((r) => refersTo(r, file, t.title))) {
          for (const c of r.covers) if (t.rows.some((dr) => dr.atoms.some((a) => atomMatches(c, a)))) usedCovers.add(`${r.id}\u0000${c}`);
        }
      }
      results.set(file, { doc, tables, rows: byTable });
    }

    for (const r of rows) {
      if (!r.source || !results.has(splitSource(r.source).file)) continue;
      for (const c of r.covers) {
        if (!usedCovers.has(`${r.id}\u0000${c}`)) {
          problems.push(`${r.id}: covers "${c}" matches no row of the tables its source/seeAlso name`);
        }
      }
    }

    const supersededBy = new Map<string, string>();
    for (const [file, decl] of docs) for (const old of decl.supersedes ?? []) supersededBy.set(old, file);
    for (const old of supersededBy.keys()) {
      if (!results.has(old)) problems.push(`${supersededBy.get(old)}: supersedes "${old}", which the profile does not declare`);
    }

    const documents: DocumentCoverage[] = [];
    for (const [file] of docs) {
      const res = results.get(file);
      if (!res) continue;
      const newer = supersededBy.get(file);
      const newerRes = newer ? results.get(newer) : undefined;
      const conflicts: Conflict[] = [];
      const tables: TableCoverage[] = [];
      for (const t of res.tables) {
        const rr = res.rows.get(t.title)!;
        const counterpartTable = newerRes?.tables.find((x) => normalise(x.title) === normalise(t.title));
        const counterpartRows = counterpartTable ? newerRes!.rows.get(counterpartTable.title)! : [];
        let encoded = 0;
        let via = 0;
        const missing: string[] = [];
        const rowsOutOfScope: { label: string; reason: string }[] = [];
        for (const r of rr) {
          const twin = counterpartRows.find((x) => normalise(x.row.label) === normalise(r.row.label));
          if (twin) {
            const a = normalise(r.row.cells[1] ?? '');
            const b = normalise(twin.row.cells[1] ?? '');
            if (a !== b) {
              const notedOn = twin.encoders.filter((id) => rows.find((x) => x.id === id)?.note?.includes(file));
              const noted = notedOn.length > 0;
              conflicts.push({
                table: t.title,
                label: r.row.label,
                old: r.row.cells[1] ?? '',
                current: twin.row.cells[1] ?? '',
                rows: twin.encoders,
                notedOn,
                noted,
              });
              if (!noted) {
                problems.push(
                  `${file}#${t.title} › ${r.row.label}: "${r.row.cells[1]}" conflicts with ${newer} ("${twin.row.cells[1]}"); ` +
                    `note it on ${twin.encoders.join(', ') || 'the row that encodes it'} (naming ${file})`,
                );
              }
            }
          }
          if (r.outOfScope !== undefined) {
            rowsOutOfScope.push({ label: r.row.label, reason: r.outOfScope });
            continue;
          }
          if (r.missingAtoms.length === 0) encoded++;
          else if (twin && twin.missingAtoms.length === 0 && twin.outOfScope === undefined) {
            encoded++;
            via++;
          } else {
            missing.push(r.row.atoms.length > 1 ? `${r.row.label} (missing: ${r.missingAtoms.join(', ')})` : r.row.label);
          }
        }
        const scope = Object.entries(profile.documents?.[file]?.tables ?? {}).find(([k]) => normalise(k) === normalise(t.title))?.[1];
        tables.push({
          table: t.title,
          kind: t.kind,
          total: rr.length - rowsOutOfScope.length,
          encoded,
          via,
          missing,
          outOfScope: scope?.outOfScope,
          rowsOutOfScope: scope?.outOfScope ? [] : rowsOutOfScope,
          ...(scope?.outOfScope ? { rowsInTable: rr.length } : {}),
        });
      }
      documents.push({ document: file, supersededBy: newer, tables, conflicts });
    }
    const complete = problems.length === 0 && documents.every((d) => d.tables.every((t) => t.missing.length === 0));
    out.push({ profile: profile.profile, documents, problems, complete });
  }
  return { profiles: out, complete: out.every((p) => p.complete) };
}

/**
 * A plain-text report: per profile and document, each table's encoded/total, the rows nothing encodes, what is
 * out of scope (with the reason), conflicts with superseded documents, and declaration problems.
 */
export function formatCoverage(report: CoverageReport): string {
  const lines: string[] = [];
  for (const p of report.profiles) {
    lines.push(`${p.profile}: ${p.complete ? 'complete' : 'INCOMPLETE'}`);
    for (const d of p.documents) {
      const inScope = d.tables.filter((t) => t.outOfScope === undefined);
      const enc = inScope.reduce((n, t) => n + t.encoded, 0);
      const tot = inScope.reduce((n, t) => n + t.total, 0);
      lines.push(`  ${d.document}: ${enc}/${tot} rows${d.supersededBy ? ` (superseded by ${d.supersededBy})` : ''}`);
      if (d.tables.length === 0) lines.push('    (no tables)');
      for (const t of d.tables) {
        if (t.outOfScope !== undefined) {
          lines.push(`    ${'-'.padStart(7)}  ${t.table}: out of scope (${t.rowsInTable ?? 0} rows): ${t.outOfScope}`);
          continue;
        }
        const extra = [t.via ? `${t.via} via ${d.supersededBy}` : '', t.rowsOutOfScope.length ? `${t.rowsOutOfScope.length} out of scope` : ''].filter(Boolean);
        lines.push(`    ${`${t.encoded}/${t.total}`.padStart(7)}  ${t.table}${extra.length ? ` (${extra.join('; ')})` : ''}`);
        for (const m of t.missing) lines.push(`             missing: ${m}`);
        for (const o of t.rowsOutOfScope) lines.push(`             out of scope: ${o.label} — ${o.reason}`);
      }
      for (const c of d.conflicts) {
        lines.push(
          `    conflict: ${c.table} › ${c.label}: "${c.old}" here, "${c.current}" in ${d.supersededBy}` +
            (c.noted ? ` (noted on ${c.notedOn.join(', ')})` : ' (NOT NOTED)'),
        );
      }
    }
    for (const pr of p.problems) lines.push(`  problem: ${pr}`);
  }
  return `${lines.join('\n')}\n`;
}
