//go:build unix

package main

import "syscall"

// cpuMS returns the CPU time (user + system) the process has used, in ms;
// on a loaded machine it measures an encoder's cost better than the clock.
func cpuMS() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e6
}
