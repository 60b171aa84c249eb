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

// func overMaskAVX2(d []byte, m []byte, src uint64)
//
// Source-over of a solid colour through a coverage mask, 8 pixels a step,
// with exactly maskNoClip's arithmetic: the source scaled by the coverage,
// sc = (s·f + 255) >> 8 per channel, then d = sc + (d·(255 - sc.a) +
// 255) >> 8. src holds the colour's channels in 16-bit words (r lowest).
// Steps whose 8 coverage bytes are all zero are skipped. No word can
// overflow: s·f + 255 ≤ 65280, and the sum per channel stays ≤ 255.
TEXT ·overMaskAVX2(SB), NOSPLIT, $0-56
	MOVQ d_base+0(FP), DI
	MOVQ m_base+24(FP), SI
	MOVQ m_len+32(FP), CX
	MOVQ src+48(FP), AX
	VMOVQ AX, X0
	VPBROADCASTQ X0, Y0        // Y0: the source's 4 words, for 4 pixels
	MOVL $0x00ff00ff, DX
	VMOVD DX, X1
	VPBROADCASTD X1, Y1        // Y1: 255 in every word
	MOVQ $0x0101010100000000, DX
	VMOVQ DX, X2
	MOVQ $0x0303030302020202, DX
	VPINSRQ $1, DX, X2, X2     // X2: coverage bytes 0..3, each 4 times
	MOVQ $0x0505050504040404, DX
	VMOVQ DX, X3
	MOVQ $0x0707070706060606, DX
	VPINSRQ $1, DX, X3, X3     // X3: coverage bytes 4..7, each 4 times
	MOVQ $0x0706070607060706, DX
	VMOVQ DX, X4
	MOVQ $0x0F0E0F0E0F0E0F0E, DX
	VPINSRQ $1, DX, X4, X4
	VINSERTI128 $1, X4, Y4, Y4 // Y4: a pixel's alpha word into its 4 words

mloop:
	CMPQ CX, $8
	JLT  mdone
	MOVQ (SI), AX
	TESTQ AX, AX
	JZ   mnext
	VMOVQ AX, X5
	VPSHUFB X2, X5, X6
	VPSHUFB X3, X5, X7
	VPMOVZXBW X6, Y6           // coverage of pixels 0..3, per word
	VPMOVZXBW X7, Y7           // pixels 4..7
	VPMULLW Y0, Y6, Y6
	VPMULLW Y0, Y7, Y7
	VPADDW  Y1, Y6, Y6
	VPADDW  Y1, Y7, Y7
	VPSRLW  $8, Y6, Y6         // sc, pixels 0..3
	VPSRLW  $8, Y7, Y7         // sc, pixels 4..7
	VPSHUFB Y4, Y6, Y8
	VPSHUFB Y4, Y7, Y9
	VPSUBW  Y8, Y1, Y8         // 255 - sc.a
	VPSUBW  Y9, Y1, Y9
	VPMOVZXBW (DI), Y10
	VPMOVZXBW 16(DI), Y11
	VPMULLW Y8, Y10, Y10
	VPMULLW Y9, Y11, Y11
	VPADDW  Y1, Y10, Y10
	VPADDW  Y1, Y11, Y11
	VPSRLW  $8, Y10, Y10
	VPSRLW  $8, Y11, Y11
	VPADDW  Y6, Y10, Y10
	VPADDW  Y7, Y11, Y11
	VPACKUSWB Y11, Y10, Y12    // [0..1 4..5 | 2..3 6..7]
	VPERMQ  $0xD8, Y12, Y12
	VMOVDQU Y12, (DI)

mnext:
	ADDQ $8, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP  mloop

mdone:
	VZEROUPPER
	RET
