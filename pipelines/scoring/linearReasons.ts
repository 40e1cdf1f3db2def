/**
 * Top reasons at scoring speed, from the per-feature contributions the linear scorer
 * (linearScorer.ts) computes. models/explain/topReasons.ts phrases one lead at a time from a
 * list of contribution objects (a sort and a few maps per lead: about 10,000 leads a second),
 * which would be most of a 1M-lead scoring run. Here, per lead: features summed into their
 * family in feature order (as topReasons does), each family named by its strongest member, the
 * strongest positive families kept in a small sorted array, and only those phrased
 * (describeValue). Same reasons, same order, same words, same JSON.
 *
 * Phrases repeat (a category, a count of page views, an engagement score to one decimal), so
 * each is made once: a distinct phrase gets an id and its JSON-quoted text, found by the
 * phrase key of the value (ValuePhraser.key: the category code, a whole number, tenths) or,
 * for a value without one, through a bounded cache per value. Leads with the same reasons
 * share one JSON string (the benchmark's 1M leads have about 290,000 different lists).
 */
import { featureFamily } from '../../features/engagement/describe.ts';
import { findFrameColumn, type FeatureFrame } from '../../features/frame/featureFrame.ts';
import { valuePhraser, type ValuePhraser } from '../../models/explain/topReasons.ts';
import { LeadscoreError } from '../../core/errors.ts';

/** Distinct large keys, and distinct values without a key, remembered per feature. */
const valueCacheSize = 4096;
/** Phrase keys below this are looked up in an array. */
const maxKey = 2 ** 16;

export class LinearReasons {
  /** Family g's features are members[familyStart[g] … familyStart[g + 1]), in feature order. */
  private readonly familyStart: Int32Array;
  private readonly members: Int32Array;
  /** Position of each feature's name in sorted order: the tie-break between equal families. */
  private readonly nameRank: Int32Array;
  /** Per feature: how a row's value is phrased, and the key its phrase is remembered by. */
  private readonly phrasers: ValuePhraser[];
  /** Per feature: phrase ids by key (grown on demand up to maxKey), 0 = not phrased yet. */
  private readonly byKey: Int32Array[];
  /** Per feature, bounded: phrase ids by keys from maxKey up, and by value for values without a key. */
  private readonly byLargeKey: Array<Map<number, number>>;
  private readonly byValue: Array<Map<number, number>>;
  private readonly values: Array<Float64Array | null>;
  /** JSON-quoted phrases; id k is phrases[k - 1] (0 = no reason). */
  private readonly phrases: string[] = [];
  private readonly phraseIds = new Map<string, number>();
  private readonly lists: ListTable;
  // The reasons being picked for one lead, strongest first.
  private readonly pickedSum: Float64Array;
  private readonly pickedFeature: Int32Array;

  /** Reasons (at most `top` per lead) for the rows of `frame`, over `features` (the contribution columns). */
  constructor(
    features: readonly string[],
    frame: FeatureFrame,
    private readonly top: number,
  ) {
    const families = new Map<string, number[]>();
    features.forEach((feature, f) => {
      const family = featureFamily(feature);
      const list = families.get(family);
      if (list) list.push(f);
      else families.set(family, [f]);
    });
    const groups = [...families.values()];
    this.members = Int32Array.from(groups.flat());
    this.familyStart = new Int32Array(groups.length + 1);
    groups.forEach((group, g) => (this.familyStart[g + 1] = this.familyStart[g] + group.length));
    const sorted = features.map((_, f) => f).sort((a, b) => (features[a] < features[b] ? -1 : features[a] > features[b] ? 1 : 0));
    this.nameRank = new Int32Array(features.length);
    sorted.forEach((f, rank) => (this.nameRank[f] = rank));
    this.phrasers = features.map((feature) => valuePhraser(frame, feature));
    this.byKey = features.map(() => new Int32Array(64));
    this.byLargeKey = features.map(() => new Map());
    this.byValue = features.map(() => new Map());
    this.values = features.map((feature) => {
      const column = findFrameColumn(frame, feature);
      if (!column) throw new LeadscoreError('internal', `feature "${feature}" has contributions but is not in the frame`);
      return column.kind === 'numeric' ? column.values : null;
    });
    this.lists = new ListTable(frame.rows);
    this.pickedSum = new Float64Array(top + 1);
    this.pickedFeature = new Int32Array(top + 1);
  }

  /**
   * The reasons of frame row `row`, as a JSON array of strings; its feature contributions are
   * `contributions[offset + f]`, f in feature order.
   */
  explain(contributions: Float64Array, offset: number, row: number): string {
    const { familyStart, members, nameRank, pickedSum, pickedFeature, top } = this;
    let picked = 0;
    for (let g = 0; g + 1 < familyStart.length; g++) {
      const first = familyStart[g];
      const last = familyStart[g + 1];
      let strongest = members[first];
      let strongestSum = contributions[offset + strongest];
      let sum = 0 + strongestSum;
      for (let k = first + 1; k < last; k++) {
        const f = members[k];
        const c = contributions[offset + f];
        sum += c;
        if (c > strongestSum) {
          strongest = f;
          strongestSum = c;
        }
      }
      if (!(sum > 0)) continue;
      // Insertion into the picked list: larger sums first, equal sums by feature name.
      let at = picked;
      while (at > 0 && (sum > pickedSum[at - 1] || (sum === pickedSum[at - 1] && nameRank[strongest] < nameRank[pickedFeature[at - 1]]))) {
        pickedSum[at] = pickedSum[at - 1];
        pickedFeature[at] = pickedFeature[at - 1];
        at--;
      }
      if (at >= top) continue;
      pickedSum[at] = sum;
      pickedFeature[at] = strongest;
      if (picked < top) picked++;
    }
    if (picked === 0) return '[]';
    if (top > 3) return this.join(picked, row);
    const a = this.phraseId(pickedFeature[0], row);
    const b = picked > 1 ? this.phraseId(pickedFeature[1], row) : 0;
    const c = picked > 2 ? this.phraseId(pickedFeature[2], row) : 0;
    return this.lists.get(a, b, c) ?? this.lists.set(a, b, c, this.join(picked, row));
  }

  /**
   * The JSON array of the picked reasons. Array join makes one flat string where `+` would chain
   * five rope nodes per list, each kept alive as long as the list is and flattened again when
   * the list is written out.
   */
  private join(picked: number, row: number): string {
    const parts = ['['];
    for (let k = 0; k < picked; k++) parts.push(k === 0 ? '' : ',', this.phrases[this.phraseId(this.pickedFeature[k], row) - 1]);
    parts.push(']');
    return parts.join('');
  }

  /** The phrase id of feature f's value in `row`. */
  private phraseId(f: number, row: number): number {
    const key = this.phrasers[f].key(row);
    if (key >= 0 && key < maxKey) {
      let byKey = this.byKey[f];
      if (key >= byKey.length) {
        const grown = new Int32Array(Math.min(maxKey, 2 ** Math.ceil(Math.log2(key + 1))));
        grown.set(byKey);
        byKey = this.byKey[f] = grown;
      }
      return byKey[key] || (byKey[key] = this.say(f, row));
    }
    // A large key (a big whole number) or, without a key, the value itself.
    const cache = key >= 0 ? this.byLargeKey[f] : this.byValue[f];
    const value = key >= 0 ? key : this.values[f]![row];
    let id = cache.get(value);
    if (id === undefined) {
      id = this.say(f, row);
      if (cache.size < valueCacheSize) cache.set(value, id);
    }
    return id;
  }

  private say(f: number, row: number): number {
    return this.idOf(this.phrasers[f].phrase(row));
  }

  /** The id of a phrase's text, made on first sight. */
  private idOf(text: string): number {
    let id = this.phraseIds.get(text);
    if (id === undefined) {
      this.phrases.push(JSON.stringify(text));
      id = this.phrases.length;
      this.phraseIds.set(text, id);
    }
    return id;
  }
}

/**
 * Reason lists by the ids of their (up to three) phrases, 0 for none: open addressing over one
 * array of [first, second, third, list index] slots, so a probe reads one cache line. A Map
 * would need one number key per lead made of three ids, a double beyond the small-integer
 * range, and costs several times more per lookup at a million leads.
 */
class ListTable {
  private slots: Int32Array;
  private readonly lists: string[] = [];

  /** Sized for a quarter of `rows` distinct lists (about what 1M benchmark leads have), grown beyond. */
  constructor(rows: number) {
    this.slots = new Int32Array(4 * 2 ** Math.ceil(Math.log2(Math.max(1024, rows / 3))));
  }

  get(a: number, b: number, c: number): string | undefined {
    const { slots } = this;
    const mask = (slots.length >> 2) - 1;
    for (let i = slotOf(a, b, c, mask); slots[4 * i] !== 0; i = (i + 1) & mask) {
      if (slots[4 * i] === a && slots[4 * i + 1] === b && slots[4 * i + 2] === c) return this.lists[slots[4 * i + 3]];
    }
    return undefined;
  }

  /** Adds a list not in the table (a ≥ 1); returns it. */
  set(a: number, b: number, c: number, list: string): string {
    if (4 * (this.lists.length + 1) > 3 * (this.slots.length >> 2)) this.grow();
    this.put(a, b, c, this.lists.length);
    this.lists.push(list);
    return list;
  }

  private put(a: number, b: number, c: number, index: number): void {
    const { slots } = this;
    const mask = (slots.length >> 2) - 1;
    let i = slotOf(a, b, c, mask);
    while (slots[4 * i] !== 0) i = (i + 1) & mask;
    slots[4 * i] = a;
    slots[4 * i + 1] = b;
    slots[4 * i + 2] = c;
    slots[4 * i + 3] = index;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    for (let i = 0; i < old.length; i += 4) if (old[i] !== 0) this.put(old[i], old[i + 1], old[i + 2], old[i + 3]);
  }
}

function slotOf(a: number, b: number, c: number, mask: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h & mask;
}
