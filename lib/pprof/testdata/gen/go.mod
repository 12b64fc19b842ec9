module fixturegen

go 1.19
