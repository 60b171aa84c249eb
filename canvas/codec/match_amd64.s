//go:build amd64 && !purego

#include "textflag.h"

// func subAbsBlocks(out, a, b []byte) int
//
// For the len(out)/32 whole blocks of 32 bytes: out[i] = a[i] - b[i]
// (mod 256); returns the sum of |int8(out[i])| over them. a and b are at
// least as long as out.
TEXT ·subAbsBlocks(SB), NOSPLIT, $0-80
	MOVQ out_base+0(FP), DI
	MOVQ out_len+8(FP), CX
	MOVQ a_base+24(FP), SI
	MOVQ b_base+48(FP), DX
	VPXOR Y0, Y0, Y0 // sums, 4 × u64
	VPXOR Y3, Y3, Y3
	SHRQ $5, CX
	JZ   done

loop:
	VMOVDQU (SI), Y1
	VMOVDQU (DX), Y2
	VPSUBB  Y2, Y1, Y1
	VMOVDQU Y1, (DI)
	VPABSB  Y1, Y2
	VPSADBW Y3, Y2, Y2
	VPADDQ  Y2, Y0, Y0
	ADDQ    $32, SI
	ADDQ    $32, DX
	ADDQ    $32, DI
	DECQ    CX
	JNZ     loop

done:
	VEXTRACTI128 $1, Y0, X1
	VPADDQ       X1, X0, X0
	VPSHUFD      $0x4e, X0, X1
	VPADDQ       X1, X0, X0
	VMOVQ        X0, AX
	VZEROUPPER
	MOVQ         AX, ret+72(FP)
	RET

// func matchLenBlocks(a, b []byte, limit int) int
//
// The length of the common prefix of a and b, counted in whole 32-byte
// blocks first and then exactly in the block that differs; it stops at
// the last whole block within limit (the caller finishes the rest).
// len(a) and len(b) are at least limit.
TEXT ·matchLenBlocks(SB), NOSPLIT, $0-64
	MOVQ a_base+0(FP), SI
	MOVQ b_base+24(FP), DI
	MOVQ limit+48(FP), CX
	XORQ AX, AX

loop:
	LEAQ      32(AX), DX
	CMPQ      DX, CX
	JA        end
	VMOVDQU   (SI)(AX*1), Y0
	VPCMPEQB  (DI)(AX*1), Y0, Y0
	VPMOVMSKB Y0, DX
	XORL      $0xffffffff, DX
	JNZ       diff
	ADDQ      $32, AX
	JMP       loop

diff:
	BSFL DX, DX
	ADDQ DX, AX

end:
	VZEROUPPER
	MOVQ AX, ret+56(FP)
	RET

// Per 128-bit lane: the R, G, B bytes of its four pixels to the low 12.
DATA rgbShuf<>+0(SB)/8, $0x0908060504020100
DATA rgbShuf<>+8(SB)/8, $0x808080800e0d0c0a
DATA rgbShuf<>+16(SB)/8, $0x0908060504020100
DATA rgbShuf<>+24(SB)/8, $0x808080800e0d0c0a
GLOBL rgbShuf<>(SB), RODATA|NOPTR, $32

// Dwords 0–2 (lane 0's 12 bytes) then 4–6 (lane 1's).
DATA rgbPerm<>+0(SB)/8, $0x0000000100000000
DATA rgbPerm<>+8(SB)/8, $0x0000000400000002
DATA rgbPerm<>+16(SB)/8, $0x0000000600000005
DATA rgbPerm<>+24(SB)/8, $0x0000000700000007
GLOBL rgbPerm<>(SB), RODATA|NOPTR, $32

// func rgbDiffBlocks(dst, a, b []byte) int
//
// For blocks of 8 RGBA pixels of a and b: the 24 RGB bytes of a - b (per
// byte, mod 256) to dst, while 32 bytes of a and of dst remain (each store
// writes 8 bytes past the block, overwritten by the next). Returns the
// pixels done. b is at least as long as a.
TEXT ·rgbDiffBlocks(SB), NOSPLIT, $0-80
	MOVQ    dst_base+0(FP), DI
	MOVQ    dst_len+8(FP), R8
	MOVQ    a_base+24(FP), SI
	MOVQ    a_len+32(FP), CX
	MOVQ    b_base+48(FP), DX
	VMOVDQU rgbShuf<>(SB), Y3
	VMOVDQU rgbPerm<>(SB), Y4
	XORQ    AX, AX // pixels done
	XORQ    R9, R9 // 4 × AX
	XORQ    R11, R11 // 3 × AX

loop:
	LEAQ     32(R9), R10
	CMPQ     R10, CX
	JA       done
	LEAQ     32(R11), R10
	CMPQ     R10, R8
	JA       done
	VMOVDQU  (SI)(R9*1), Y0
	VPSUBB   (DX)(R9*1), Y0, Y0
	VPSHUFB  Y3, Y0, Y0
	VPERMD   Y0, Y4, Y0
	VMOVDQU  Y0, (DI)(R11*1)
	ADDQ     $8, AX
	ADDQ     $32, R9
	ADDQ     $24, R11
	JMP      loop

done:
	VZEROUPPER
	MOVQ AX, ret+72(FP)
	RET

// func alphaAllFF(p []byte) bool
//
// Whether every fourth byte (alpha of RGBA pixels) of the whole 32-byte
// blocks of p is 0xff.
TEXT ·alphaAllFF(SB), NOSPLIT, $0-25
	MOVQ    p_base+0(FP), SI
	MOVQ    p_len+8(FP), CX
	SHRQ    $5, CX
	VPCMPEQB Y1, Y1, Y1 // all ones
	VMOVDQU  Y1, Y0     // running AND

loopa:
	TESTQ CX, CX
	JZ    checka
	VPAND (SI), Y0, Y0
	ADDQ  $32, SI
	DECQ  CX
	JMP   loopa

checka:
	// alpha bytes must all be 0xff: compare, then take the byte mask.
	VPCMPEQB  Y1, Y0, Y0
	VPMOVMSKB Y0, AX
	ANDL      $0x88888888, AX
	CMPL      AX, $0x88888888
	SETEQ     ret+24(FP)
	VZEROUPPER
	RET
