/**
 * Where in a step's states the one for each key sits: a hash table of integer keys kept for the whole
 * search and emptied per step by a new stamp, instead of a Map made for every step.
 */
export class StateSlots {
  private keys = new Int32Array(64);
  private slots = new Int32Array(64);
  private stamps = new Int32Array(64);
  private stamp = 1;
  private size = 0;
  // Fibonacci hashing: the product's top bits, which every bit of the key reaches.
  private shift = 32 - 6;

  clear(): void {
    this.size = 0;
    if (++this.stamp < 0x7fffffff) return;
    this.stamps.fill(0);
    this.stamp = 1;
  }

  /** The slot of `key`, or -1. */
  get(key: number): number {
    const mask = this.keys.length - 1;
    for (let i = Math.imul(key, 0x9e3779b1) >>> this.shift; this.stamps[i] === this.stamp; i = (i + 1) & mask) if (this.keys[i] === key) return this.slots[i] ?? -1;
    return -1;
  }

  /** Records the slot of a key not in the table. */
  add(key: number, slot: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.stamps[i] === this.stamp) i = (i + 1) & mask;
    this.keys[i] = key;
    this.slots[i] = slot;
    this.stamps[i] = this.stamp;
    this.size++;
  }

  private grow(): void {
    const { keys, slots, stamps, stamp } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 2);
    this.stamps = new Int32Array(keys.length * 2);
    this.size = 0;
    this.shift--;
    for (let i = 0; i < keys.length; i++) if (stamps[i] === stamp) this.add(keys[i] ?? 0, slots[i] ?? 0);
  }
}
