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

// func overConstAVX2(d []byte, src uint32, ia uint32)
//
// Per 32 bytes (8 pixels): widen the bytes to 16-bit words, multiply by
// ia, add 255, shift right by 8 (Skia's division by 255), pack back to
// bytes and add the source colour. The sum cannot pass 255: d·ia/255 ≤
// 255 - a and every premultiplied source channel is ≤ a.
TEXT ·overConstAVX2(SB), NOSPLIT, $0-32
	MOVQ d_base+0(FP), DI
	MOVQ d_len+8(FP), CX
	MOVL src+24(FP), AX
	MOVL ia+28(FP), BX
	MOVL AX, X0
	VPBROADCASTD X0, Y0        // Y0: the source pixel, 8 times
	MOVL BX, X1
	VPBROADCASTW X1, Y1        // Y1: ia in every word
	MOVL $0x00ff00ff, DX
	MOVL DX, X2
	VPBROADCASTD X2, Y2        // Y2: 255 in every word

loop:
	CMPQ CX, $32
	JLT  done
	VPMOVZXBW (DI), Y3         // bytes 0..15  -> words
	VPMOVZXBW 16(DI), Y4       // bytes 16..31 -> words
	VPMULLW   Y1, Y3, Y3
	VPMULLW   Y1, Y4, Y4
	VPADDW    Y2, Y3, Y3
	VPADDW    Y2, Y4, Y4
	VPSRLW    $8, Y3, Y3
	VPSRLW    $8, Y4, Y4
	VPACKUSWB Y4, Y3, Y5       // per 128-bit lane: [0..7 16..23 | 8..15 24..31]
	VPERMQ    $0xD8, Y5, Y5    // back to [0..7 8..15 16..23 24..31]
	VPADDB    Y0, Y5, Y5
	VMOVDQU   Y5, (DI)
	ADDQ      $32, DI
	SUBQ      $32, CX
	JMP       loop

done:
	VZEROUPPER
	RET
