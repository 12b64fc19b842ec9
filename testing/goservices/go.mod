module fleetscope.test/goservices

go 1.23
