module fleetscope.local/pgomergegen

go 1.19
