'use strict';
const { contract } = require('./support/contract');
const { startCluster } = require('./support/redis');

contract('cluster', () => startCluster(3));
