// The mini-program's tests live in ../tests/miniprogram; they load the pages compiled by tsc
// (npm test compiles first) with miniprogram-simulate in jsdom.
const path = require('path')

module.exports = {
  rootDir: path.join(__dirname, '..', 'tests', 'miniprogram'),
  testEnvironment: 'jsdom',
  testMatch: ['**/*.test.js'],
  modulePaths: [path.join(__dirname, 'node_modules')],
  testTimeout: 20000,
}
