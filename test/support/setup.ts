import { killLeftoverChildren } from './children';

// Run after every test of every suite: a child outliving its test (jest's timeout fired while it ran)
// is killed, and the failure names it instead of pointing at whatever line the test had reached.
afterEach(() => {
  const left = killLeftoverChildren();
  if (left.length > 0) throw new Error(`still running when the test ended, so killed: ${left.join('; ')}`);
});
