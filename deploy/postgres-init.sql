-- One database per service (architecture: a service never reads another's tables).
CREATE DATABASE gateway;
CREATE DATABASE matching;
CREATE DATABASE workflow;
