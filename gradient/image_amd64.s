//go:build amd64 && !purego

#include "textflag.h"

// func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL eaxArg+0(FP), AX
	MOVL ecxArg+4(FP), CX
	CPUID
	MOVL AX, eax+8(FP)
	MOVL BX, ebx+12(FP)
	MOVL CX, ecx+16(FP)
	MOVL DX, edx+20(FP)
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET

// func vblendAVX2(a, c []byte, v []uint64, vy, wy uint64)
//
// Four texels a step: 16 bytes of each row widened to 16 words, weighted
// and summed (each word ≤ 255·16), stored as four uint64.
TEXT ·vblendAVX2(SB), NOSPLIT, $0-88
	MOVQ a_base+0(FP), SI
	MOVQ c_base+24(FP), DX
	MOVQ v_base+48(FP), DI
	MOVQ v_len+56(FP), CX
	MOVQ vy+72(FP), AX
	MOVQ wy+80(FP), BX
	MOVQ AX, X0
	VPBROADCASTW X0, Y0
	MOVQ BX, X1
	VPBROADCASTW X1, Y1
	SHRQ $2, CX
	JEQ  vdone

vloop:
	VPMOVZXBW (SI), Y2
	VPMOVZXBW (DX), Y3
	VPMULLW   Y0, Y2, Y2
	VPMULLW   Y1, Y3, Y3
	VPADDW    Y3, Y2, Y2
	VMOVDQU   Y2, (DI)
	ADDQ      $16, SI
	ADDQ      $16, DX
	ADDQ      $32, DI
	DECQ      CX
	JNZ       vloop

vdone:
	VZEROUPPER
	RET

// func hblendAVX2(cols []uint32, v []uint64, dst []byte, wtab *[16][8]uint16)
//
// One pixel a step: the pair v[x0], v[x0+1] in one 16-byte load, words
// multiplied by the weight row of wx, the two halves added (each word
// ≤ 255·256), shifted right by 8 and packed to four bytes.
TEXT ·hblendAVX2(SB), NOSPLIT, $0-80
	MOVQ cols_base+0(FP), SI
	MOVQ cols_len+8(FP), CX
	MOVQ v_base+24(FP), R8
	MOVQ dst_base+48(FP), DI
	MOVQ wtab+72(FP), R9
	TESTQ CX, CX
	JEQ   hdone

hloop:
	MOVL      (SI), AX
	MOVL      AX, BX
	SHRL      $4, AX
	ANDL      $15, BX
	SHLL      $4, BX
	VMOVDQU   (R8)(AX*8), X0
	VPMULLW   (R9)(BX*1), X0, X0
	VPSHUFD   $0x4E, X0, X1
	VPADDW    X1, X0, X0
	VPSRLW    $8, X0, X0
	VPACKUSWB X0, X0, X0
	VMOVD     X0, (DI)
	ADDQ      $4, SI
	ADDQ      $4, DI
	DECQ      CX
	JNZ       hloop

hdone:
	RET
