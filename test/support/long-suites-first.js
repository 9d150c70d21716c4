// Jest's order puts the suites it has no timings for (a fresh CI machine) by file size, largest first: the
// 3-minute soak, a short file, would start last and run alone at the end. It starts first instead.
const Sequencer = require('@jest/test-sequencer').default;

const FIRST = /[\\/]test[\\/]soak[\\/]/;

class LongSuitesFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((t) => FIRST.test(t.path)), ...sorted.filter((t) => !FIRST.test(t.path))];
  }
}

module.exports = LongSuitesFirst;
