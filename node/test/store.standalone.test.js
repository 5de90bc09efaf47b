'use strict';
const { contract } = require('./support/contract');
const { startStandalone } = require('./support/redis');

contract('standalone', startStandalone);
