// Jest global setup: every temporary folder of the run (cdktf's Testing.app() makes one per call)
// goes into one fresh folder outside the repo, removed by global-teardown.js.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-test-'));
  process.env.CDKTF_ORG_LOGGING_TEST_TMP = dir;
  process.env.TMPDIR = dir;
};
