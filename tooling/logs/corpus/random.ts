/** A small seeded generator (mulberry32): the same seed gives the same corpus, byte for byte. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** Picks by weight: `[[weight, value], ...]`. */
  weighted<T>(table: readonly (readonly [number, T])[]): T {
    const total = table.reduce((sum, [w]) => sum + w, 0);
    let at = this.next() * total;
    for (const [w, value] of table) {
      at -= w;
      if (at < 0) return value;
    }
    return table[table.length - 1][1];
  }

  /** Characters from an alphabet (of at most 64), four per draw: generating a million records stays quick. */
  string(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
    const base = alphabet.length;
    let out = '';
    while (out.length < length) {
      let draw = Math.floor(this.next() * base ** 4);
      for (let i = 0; i < 4 && out.length < length; i++) {
        out += alphabet[draw % base];
        draw = Math.floor(draw / base);
      }
    }
    return out;
  }

  uuid(): string {
    const hex = this.string(32, '0123456789abcdef');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
  }
}
