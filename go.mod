module github.com/postercanvas/postercanvas

go 1.26
