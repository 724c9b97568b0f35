// Jest global teardown: removes the run's temporary folder (see global-setup.js).
const fs = require('node:fs');

module.exports = async () => {
  const dir = process.env.CDKTF_ORG_LOGGING_TEST_TMP;
  if (dir && !process.env.KEEP_TEST_TMP) fs.rmSync(dir, { recursive: true, force: true });
};
