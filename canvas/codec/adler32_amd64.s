//go:build amd64 && !purego

#include "textflag.h"

// Byte weights 32, 31, …, 1 (a block's contribution to s2) and 16-bit ones.
DATA adlerWeights<>+0(SB)/8, $0x191a1b1c1d1e1f20
DATA adlerWeights<>+8(SB)/8, $0x1112131415161718
DATA adlerWeights<>+16(SB)/8, $0x090a0b0c0d0e0f10
DATA adlerWeights<>+24(SB)/8, $0x0102030405060708
GLOBL adlerWeights<>(SB), RODATA|NOPTR, $32

DATA adlerOnes<>+0(SB)/8, $0x0001000100010001
DATA adlerOnes<>+8(SB)/8, $0x0001000100010001
DATA adlerOnes<>+16(SB)/8, $0x0001000100010001
DATA adlerOnes<>+24(SB)/8, $0x0001000100010001
GLOBL adlerOnes<>(SB), RODATA|NOPTR, $32

// func adler32Blocks(p []byte) (sum, weighted, prefix uint64)
//
// Over the len(p)/32 blocks of 32 bytes: sum is the total of the bytes,
// weighted the total of each block's bytes weighted 32…1, prefix the
// total over blocks of the byte sum of the blocks before it. Lanes cannot
// overflow for len(p) ≤ 5536 (adler32Update's chunk).
TEXT ·adler32Blocks(SB), NOSPLIT, $0-48
	MOVQ p_base+0(FP), SI
	MOVQ p_len+8(FP), CX
	VPXOR Y0, Y0, Y0             // byte sums so far, 4 × u64
	VPXOR Y1, Y1, Y1             // weighted sums, 8 × i32
	VPXOR Y2, Y2, Y2             // prefix sums, 4 × u64
	VPXOR Y7, Y7, Y7
	VMOVDQU adlerWeights<>(SB), Y5
	VMOVDQU adlerOnes<>(SB), Y6

aloop:
	CMPQ CX, $32
	JLT  adone
	VMOVDQU (SI), Y3
	VPADDQ  Y0, Y2, Y2           // the blocks before this one
	VPSADBW Y7, Y3, Y4
	VPADDQ  Y4, Y0, Y0
	VPMADDUBSW Y5, Y3, Y4        // bytes × weights, pairs summed (≤ 16320)
	VPMADDWD Y6, Y4, Y4
	VPADDD  Y4, Y1, Y1
	ADDQ $32, SI
	SUBQ $32, CX
	JMP  aloop

adone:
	VEXTRACTI128 $1, Y0, X8
	VPADDQ X8, X0, X0
	VPSHUFD $0x4E, X0, X8
	VPADDQ X8, X0, X0
	VMOVQ X0, AX
	MOVQ AX, sum+24(FP)

	VEXTRACTI128 $1, Y1, X8
	VPADDD X8, X1, X1
	VPSHUFD $0x4E, X1, X8
	VPADDD X8, X1, X1
	VPSHUFD $0xB1, X1, X8
	VPADDD X8, X1, X1
	VMOVD X1, AX
	MOVQ AX, weighted+32(FP)

	VEXTRACTI128 $1, Y2, X8
	VPADDQ X8, X2, X2
	VPSHUFD $0x4E, X2, X8
	VPADDQ X8, X2, X2
	VMOVQ X2, AX
	MOVQ AX, prefix+40(FP)
	VZEROUPPER
	RET
