//go:build !unix

package main

// cpuMS is not measured on this system.
func cpuMS() float64 { return 0 }
